using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary>Spectre.Console bound to the command's writer: colours and live bars on a terminal, plain text in logs and tests.</summary>
internal static class Terminal
{
    /// <summary>Logs have no window to wrap to; tables this wide keep their columns readable there.</summary>
    private const int RedirectedWidth = 140;

    /// <summary>Whether live displays (bars redrawn in place) can be drawn on <paramref name="writer"/>: a terminal stream.</summary>
    /// <param name="writer">stdout or stderr, as the command was given it.</param>
    /// <returns>True on a terminal.</returns>
    /// <remarks>Decided per stream: Spectre's own detection looks at stdout, which may be a file while stderr is the terminal.</remarks>
    public static bool IsInteractive(TextWriter writer) => ConsoleStyle.IsTerminal(writer) && Environment.UserInteractive;

    /// <summary>A console that writes to <paramref name="writer"/>: with colour only where <see cref="ConsoleStyle.ColorFor"/> allows it.</summary>
    /// <param name="writer">stdout or stderr, as the command was given it.</param>
    /// <returns>The console.</returns>
    public static IAnsiConsole For(TextWriter writer)
    {
        bool terminal = IsInteractive(writer);
        bool color = terminal && ConsoleStyle.ColorFor(writer);
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            // Cursor movement (bars redrawn in place) needs ANSI even when colour is off under NO_COLOR.
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
