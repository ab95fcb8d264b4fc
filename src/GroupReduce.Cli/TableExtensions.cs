using Spectre.Console;
using Spectre.Console.Rendering;

namespace GroupReduce.Cli;

/// <summary>Table rows of plain text: tensor names and shapes like <c>[2000, 64]</c> must not be read as Spectre markup.</summary>
internal static class TableExtensions
{
    /// <summary>Adds a row of plain-text cells; control characters from a file's names are shown escaped, never sent to the terminal.</summary>
    /// <param name="table">The table.</param>
    /// <param name="cells">The cells' text (a null cell shows as empty).</param>
    /// <returns>The table.</returns>
    public static Table AddTextRow(this Table table, params string?[] cells) =>
        table.AddRow(cells.Select(cell => (IRenderable)new Text(TerminalText.Printable(cell))).ToArray());
}
