namespace Registry.Core.Auth;

/// <summary>Matches a pattern in which <c>*</c> stands for any run of characters (no other wildcard).</summary>
public static class Glob
{
    public static bool IsMatch(string pattern, string value)
    {
        // Iterative wildcard match with backtracking to the last '*': linear in practice, no regex to escape.
        int p = 0, v = 0, star = -1, mark = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == value[v])
            {
                p++;
                v++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = v;
            }
            else if (star >= 0)
            {
                p = star + 1;
                v = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
