namespace GroupReduce.Cli;

/// <summary>
/// Whether a stream gets colour, and the few styles the CLI uses. Colour only on a terminal: never when the stream is
/// redirected (a log or a pipe keeps plain text), never when <c>NO_COLOR</c> is set to any non-empty value
/// (no-color.org), never after <c>--no-color</c>.
/// </summary>
internal static class ConsoleStyle
{
    private const string Reset = "\u001b[0m";

    // Set once from the command line before a command runs; read by every writer the command makes.
    private static volatile bool s_disabledByFlag;

    /// <summary>Turns colour off for the rest of the process (<c>--no-color</c>).</summary>
    public static void DisableByFlag() => s_disabledByFlag = true;

    /// <summary>Whether <paramref name="writer"/> is the process's stdout or stderr and that stream is a terminal.</summary>
    /// <param name="writer">A writer a command was given.</param>
    /// <returns>True on a terminal; false for a redirected stream or any other writer (a test's <see cref="StringWriter"/>).</returns>
    public static bool IsTerminal(TextWriter writer) =>
        (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected) || (ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected);

    /// <summary>Whether text written to <paramref name="writer"/> may carry colour.</summary>
    /// <param name="writer">A writer a command was given.</param>
    /// <returns>True when colour is allowed.</returns>
    public static bool ColorFor(TextWriter writer) => Allows(IsTerminal(writer), Environment.GetEnvironmentVariable("NO_COLOR"), s_disabledByFlag);

    /// <summary>The rule itself, apart from the process's state, so that it can be tested.</summary>
    /// <param name="terminal">Whether the stream is a terminal.</param>
    /// <param name="noColor">The value of <c>NO_COLOR</c>, null when unset.</param>
    /// <param name="flag">Whether <c>--no-color</c> was given.</param>
    /// <returns>True when colour is allowed.</returns>
    public static bool Allows(bool terminal, string? noColor, bool flag) => terminal && string.IsNullOrEmpty(noColor) && !flag;

    /// <summary>An error line: red.</summary>
    public static string Error(string text, bool color) => Paint("31", text, color);

    /// <summary>A warning line: yellow.</summary>
    public static string Warning(string text, bool color) => Paint("33", text, color);

    /// <summary>A progress or info line: dim, so that results stand out.</summary>
    public static string Dim(string text, bool color) => Paint("2", text, color);

    /// <summary>What was written, the line a user looks for: green.</summary>
    public static string Done(string text, bool color) => Paint("32", text, color);

    private static string Paint(string code, string text, bool color) => color ? $"\u001b[{code}m{text}{Reset}" : text;
}
