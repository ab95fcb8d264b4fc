using Spectre.Console;
using Spectre.Console.Rendering;

namespace GroupReduce.Cli;

/// <summary>Table rows of plain text: tensor names and shapes like <c>[2000, 64]</c> must not be read as Spectre markup.</summary>
internal static class TableExtensions
{
    public static Table AddTextRow(this Table table, params string[] cells) =>
        table.AddRow(cells.Select(cell => (IRenderable)new Text(cell)).ToArray());
}
