using Spectre.Console;

namespace GroupReduce.Cli;

/// <summary>Spectre.Console bound to the command's writer: colours and live bars on a terminal, plain text in logs and tests.</summary>
internal static class Terminal
{
    public static bool IsInteractive(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Logs have no window to wrap to; tables this wide keep their columns readable there.</summary>
    private const int RedirectedWidth = 140;

    public static IAnsiConsole For(TextWriter output)
    {
        bool terminal = IsInteractive(output);
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!terminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
