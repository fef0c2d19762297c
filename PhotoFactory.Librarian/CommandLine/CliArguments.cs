namespace PhotoFactory.Librarian.CommandLine;

/// <summary>The command line, parsed: a verb, options with values, and flags.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CliArguments(string verb) => Verb = verb;

    public string Verb { get; }

    public string? this[string option] => _values.GetValueOrDefault(option);

    public bool Has(string flag) => _flags.Contains(flag);

    /// <summary>Parses <paramref name="args"/>; <paramref name="error"/> says what is wrong when it returns null.</summary>
    public static CliArguments? Parse(string[] args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flags, out string? error)
    {
        error = null;
        var parsed = new CliArguments(args[0]);
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (valueOptions.Contains(arg))
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error = $"{arg} needs a value";
                    return null;
                }

                parsed._values[arg] = args[++i];
            }
            else if (flags.Contains(arg))
            {
                parsed._flags.Add(arg);
            }
            else
            {
                error = $"unknown argument '{arg}'";
                return null;
            }
        }

        return parsed;
    }
}
