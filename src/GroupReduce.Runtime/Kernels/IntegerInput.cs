namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// The quantized input of one group's integer parts within one product, prepared on first use and kept while the
/// group's parts need the same layout: int8 rows take it in column order; int4 rows take it deinterleaved for their
/// chunk width, with one bias per scale block. Lives in the caller's scratch, so products stay allocation-free.
/// </summary>
internal ref struct IntegerInput
{
    private readonly Span<sbyte> _natural;
    private readonly Span<sbyte> _deinterleaved;
    private readonly Span<int> _corrections;
    private int _width;
    private int _padded;
    private bool _quantized;
    private int _layoutChunk;
    private int _layoutBlock;

    /// <summary>The padding a scratch span needs past the widest input: one chunk of the widest path.</summary>
    public const int Padding = 64;

    /// <summary>Creates one over scratch at least <see cref="Padding"/> wider than the widest group's input.</summary>
    /// <param name="natural">Receives the input in column order.</param>
    /// <param name="deinterleaved">Receives the int4 layout.</param>
    /// <param name="corrections">Receives int4's per-block biases.</param>
    public IntegerInput(Span<sbyte> natural, Span<sbyte> deinterleaved, Span<int> corrections)
    {
        _natural = natural;
        _deinterleaved = deinterleaved;
        _corrections = corrections;
    }

    /// <summary>Whether integer products are on for the current group (false: decode to float).</summary>
    public bool Enabled { get; private set; }

    /// <summary>The input's scale.</summary>
    public float Scale { get; private set; }

    /// <summary>The quantized input in column order, zero-padded to whole chunks of the widest path.</summary>
    public readonly ReadOnlySpan<sbyte> Natural => _natural[.._padded];

    /// <summary>The int4 layout of the last <see cref="Prepare"/> for 4 bits, zero-padded likewise.</summary>
    public readonly ReadOnlySpan<sbyte> Deinterleaved => _deinterleaved[.._padded];

    /// <summary>The int4 biases of the last <see cref="Prepare"/> for 4 bits.</summary>
    public readonly ReadOnlySpan<int> Corrections => _corrections;

    /// <summary>Starts a new group.</summary>
    /// <param name="enabled">Whether integer products are on.</param>
    public void Reset(bool enabled)
    {
        Enabled = enabled;
        _quantized = false;
        _layoutChunk = 0;
        _layoutBlock = 0;
    }

    /// <summary>Quantizes <paramref name="t"/> (once per group) and lays it out for a part.</summary>
    /// <param name="t">The group's input.</param>
    /// <param name="path">The part's path.</param>
    /// <param name="bits">The part's bits.</param>
    /// <param name="block">The part's columns per scale.</param>
    /// <returns>False when the input is not finite: the group decodes to float, where NaN and infinity propagate.</returns>
    public bool Prepare(scoped ReadOnlySpan<float> t, IntegerPath path, int bits, int block)
    {
        if (!_quantized)
        {
            _width = t.Length;
            _padded = IntegerRowDots.PaddedColumns(_width, Padding);
            Scale = IntegerRowDots.Quantize(t, _natural);
            _natural[_width.._padded].Clear();
            _quantized = true;
            if (float.IsNaN(Scale))
            {
                Enabled = false;
                return false;
            }
        }

        if (bits == 4)
        {
            int chunk = IntegerRowDots.ChunkColumns(path, 4);
            if (chunk != _layoutChunk)
            {
                IntegerRowDots.Deinterleave(Natural, chunk, _deinterleaved);
                _layoutChunk = chunk;
                _layoutBlock = 0;
            }

            // Blocks of 32 on a 256-bit path take lane biases (marked as block −1), other blocks one bias per block.
            int layout = Int4BlockPairs.Takes(path, bits, block, _width) ? -1 : block;
            if (layout != _layoutBlock)
            {
                if (layout < 0)
                {
                    Int4BlockPairs.LaneBiases(path, Deinterleaved, _corrections);
                }
                else
                {
                    IntegerRowDots.Int4Corrections(_natural[.._width], block, _corrections);
                }

                _layoutBlock = layout;
            }
        }

        return true;
    }
}
