using GroupReduce.Core.Spec;
using GroupReduce.Core.Spec.Reading;

namespace GroupReduce.Core.Sweep;

/// <summary>
/// Lays out a sweep's cells: every method at every budget with every quantizer, except where a point would
/// repeat another or mean nothing. Quantization alone has no budget (the quantizer fixes its size), so it
/// gets one cell per quantizer other than <c>none</c>; pruning stores float32 values whatever the quantizer,
/// so it gets one cell per budget.
/// </summary>
public sealed class SweepGrid
{
    private SweepGrid(IReadOnlyList<SweepCell> cells, IReadOnlyList<string> notes)
    {
        Cells = cells;
        Notes = notes;
    }

    /// <summary>The cells in the order they run: by method, then quantizer, then budget, as listed.</summary>
    public IReadOnlyList<SweepCell> Cells { get; }

    /// <summary>Why points of the full product were left out.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Lays out the grid.</summary>
    /// <param name="methods">The methods.</param>
    /// <param name="budgets">The budgets.</param>
    /// <param name="quantizers">The quantizers (<c>none</c> or plugin names).</param>
    /// <returns>The grid.</returns>
    public static SweepGrid Create(IReadOnlyList<CompressionMethod> methods, IReadOnlyList<SweepBudget> budgets, IReadOnlyList<string> quantizers)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(quantizers);
        var cells = new List<SweepCell>();
        var notes = new List<string>();
        foreach (CompressionMethod method in methods)
        {
            switch (method)
            {
                case CompressionMethod.Quantize:
                    // 'auto' chooses per group of a low-rank method; quantization alone stores a matrix with one quantizer.
                    List<string> real = quantizers.Where(q => q != SweepArguments.NoQuantizer && q != AutoQuantizerReader.Name).ToList();
                    cells.AddRange(real.Select(q => new SweepCell(method, null, q)));
                    if (quantizers.Contains(AutoQuantizerReader.Name))
                    {
                        notes.Add("quantize: no 'auto' cell: auto chooses an encoding per group of a low-rank method, and quantization alone stores each matrix with one quantizer");
                    }

                    notes.Add(real.Count == 0
                        ? "quantize: no cells, because the only quantizer is 'none' (quantizing with none stores the original matrices); add a quantizer such as int8"
                        : "quantize: one cell per quantizer, whatever the budgets: the quantizer alone fixes its size" + (quantizers.Contains(SweepArguments.NoQuantizer) ? "; none is left out (it would store the original matrices)" : string.Empty));
                    break;
                case CompressionMethod.Prune:
                    cells.AddRange(budgets.Select(b => new SweepCell(method, b, SweepArguments.NoQuantizer)));
                    if (quantizers.Any(q => q != SweepArguments.NoQuantizer))
                    {
                        notes.Add("prune: one cell per budget, quantizer none: pruning keeps float32 values whatever the quantizer, so other quantizers would repeat the same cell");
                    }

                    break;
                default:
                    cells.AddRange(quantizers.SelectMany(q => budgets.Select(b => new SweepCell(method, b, q))));
                    break;
            }
        }

        return new SweepGrid(cells, notes);
    }
}
