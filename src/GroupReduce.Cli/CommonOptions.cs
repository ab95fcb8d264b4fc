using System.CommandLine;

namespace GroupReduce.Cli;

/// <summary>The options several commands take, made the same way (name, aliases, default, validation) in each.</summary>
internal static class CommonOptions
{
    /// <summary>The spec file a command runs, <c>--spec</c>/<c>-s</c>, by default groupreduce.yaml in the current folder.</summary>
    /// <param name="description">What the spec is to the command; the default is appended.</param>
    /// <returns>A new option.</returns>
    public static Option<FileInfo> Spec(string description) => new("--spec", "-s")
    {
        Description = $"{description} Defaults to groupreduce.yaml in the current folder.",
        DefaultValueFactory = _ => new FileInfo("groupreduce.yaml"),
    };

    /// <summary><c>--threads</c>/<c>-t</c>: at least 1, by default every processor.</summary>
    /// <returns>A new option.</returns>
    public static Option<int> Threads()
    {
        var threads = new Option<int>("--threads", "-t")
        {
            Description = "Threads to use (default: all processors).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        threads.Validators.Add(result =>
        {
            // The tokens, not GetValueOrDefault: that throws on a value that is not a number, which the parser reports itself.
            if (result.Tokens.Count == 1 && int.TryParse(result.Tokens[0].Value, System.Globalization.CultureInfo.InvariantCulture, out int value) && value < 1)
            {
                result.AddError("--threads must be at least 1");
            }
        });
        return threads;
    }

    /// <summary><c>--quiet</c>/<c>-q</c>.</summary>
    /// <returns>A new option.</returns>
    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "Print only errors, warnings and the final summary line." };

    /// <summary><c>--json</c>.</summary>
    /// <param name="description">What the command prints as JSON, and instead of what.</param>
    /// <returns>A new option.</returns>
    public static Option<bool> Json(string description) => new("--json") { Description = description };

    /// <summary><c>--verbose</c>.</summary>
    /// <returns>A new option.</returns>
    public static Option<bool> Verbose() => new("--verbose") { Description = "Show stack traces of internal errors." };

    /// <summary><c>--plugins</c>: extra plugin folders after the spec's <c>plugins.paths</c> (repeatable).</summary>
    /// <returns>A new option.</returns>
    public static Option<DirectoryInfo[]> Plugins() => new("--plugins")
    {
        Description = "An extra folder to search for plugins, after the spec's plugins.paths (repeatable). The build passes the folders of GroupReducePlugin items this way.",
        Arity = ArgumentArity.OneOrMore,
    };
}
