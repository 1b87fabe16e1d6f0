namespace Registry.Core.Hashing;

/// <summary>A saved hash state that is not one <see cref="ResumableSha256.Import"/> can continue: unknown kind, wrong length or a failed check.</summary>
public sealed class HashStateFormatException : FormatException
{
    public HashStateFormatException()
    {
    }

    public HashStateFormatException(string message)
        : base(message)
    {
    }

    public HashStateFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
