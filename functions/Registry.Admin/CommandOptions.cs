namespace Registry.Admin;

/// <summary>
/// The options of one command, parsed by hand: <c>--name value</c> or <c>--name=value</c> for
/// options that take a value, <c>--name</c> alone for flags. Each may appear once.
/// </summary>
internal sealed class CommandOptions
{
    private readonly Dictionary<string, string?> options = new(StringComparer.Ordinal);

    private CommandOptions()
    {
    }

    /// <summary>Parses <paramref name="args"/>; <paramref name="error"/> names the first one that broke a rule.</summary>
    public static bool TryParse(
        IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flags,
        out CommandOptions parsed, out string? error)
    {
        parsed = new CommandOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            string? value = equals < 0 ? null : arg[(equals + 1)..];
            if (valueOptions.Contains(name))
            {
                if (value is null && (i + 1 == args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                {
                    error = $"{name} needs a value";
                    return false;
                }

                value ??= args[++i];
            }
            else if (!flags.Contains(name) || value is not null)
            {
                error = flags.Contains(name) ? $"{name} takes no value" : $"unknown argument '{arg}'";
                return false;
            }

            if (!parsed.options.TryAdd(name, value))
            {
                error = $"{name} is given twice";
                return false;
            }
        }

        error = null;
        return true;
    }

    /// <summary>The value of an option, null when it was not given.</summary>
    public string? this[string name] => options.GetValueOrDefault(name);

    public bool Has(string name) => options.ContainsKey(name);
}
