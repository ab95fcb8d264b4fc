using System.CommandLine;

namespace GroupReduce.Cli;

/// <summary>The options several commands take, made the same way (name, aliases, default, validation) in each.</summary>
internal static class CommonOptions
{
    /// <summary>The spec file a command runs, <c>--spec</c>/<c>-s</c>, by default groupreduce.yaml in the current folder.</summary>
    /// <param name="description">What the spec is to the command; help appends the default.</param>
    /// <returns>A new option.</returns>
    public static Option<FileInfo> Spec(string description) => new("--spec", "-s")
    {
        // Help prints "[default: groupreduce.yaml]" after this: the description must not say it again.
        Description = description,
        DefaultValueFactory = _ => new FileInfo("groupreduce.yaml"),
    };

    /// <summary>
    /// <c>--threads</c>/<c>-t</c>: at least 1, by default every processor. No default value on the option itself, which
    /// help would print as this machine's count next to the description's "all processors"; <see cref="ThreadCount"/>
    /// applies it.
    /// </summary>
    /// <returns>A new option.</returns>
    public static Option<int?> Threads()
    {
        var threads = new Option<int?>("--threads", "-t")
        {
            Description = "Threads to use (default: all processors).",
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

    /// <summary>The thread count a command runs with: <c>--threads</c>, else every processor.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="threads">The option <see cref="Threads"/> made.</param>
    /// <returns>At least 1.</returns>
    public static int ThreadCount(this ParseResult parse, Option<int?> threads) => parse.GetValue(threads) ?? Environment.ProcessorCount;

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
    public static Option<DirectoryInfo[]> Plugins() =>
        Plugins("An extra folder to search for plugins, after the spec's plugins.paths (repeatable). The build passes the folders of GroupReducePlugin items this way.");

    /// <summary><c>--plugins</c> with the command's own description: every command spells the plugin folder option this way.</summary>
    /// <param name="description">What the folders are to the command.</param>
    /// <returns>A new option.</returns>
    public static Option<DirectoryInfo[]> Plugins(string description) => new("--plugins")
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary><c>--no-color</c>, on every command: plain text even on a terminal (as <c>NO_COLOR</c> does).</summary>
    /// <returns>A new option.</returns>
    public static Option<bool> NoColor() => new("--no-color")
    {
        Description = "No colour, even on a terminal (as the NO_COLOR environment variable does). Output to a file or a pipe never has colour.",
        Recursive = true,
    };
}
