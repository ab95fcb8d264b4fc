using GroupReduce.Plugins.Ilgpu.Device;

namespace GroupReduce.Plugins.Ilgpu.Session;

/// <summary>The device buffers one session reuses across calls, all given back together when it closes.</summary>
internal sealed class SessionBuffers : IDisposable
{
    /// <summary>Creates the (empty) buffers.</summary>
    /// <param name="memory">Where they come from.</param>
    public SessionBuffers(DeviceMemory memory)
    {
        Rows = new GrowableBuffer<float>(memory, "a chunk of rows");
        Scaled = new GrowableBuffer<float>(memory, "a chunk of weighted rows");
        Factors = new GrowableBuffer<float>(memory, "row weights");
        Partials = new GrowableBuffer<float>(memory, "partial Gram matrices");
        Gram = new GrowableBuffer<double>(memory, "a Gram matrix");
        Operand = new GrowableBuffer<float>(memory, "bases");
        Output = new GrowableBuffer<float>(memory, "a chunk of products");
        Offsets = new GrowableBuffer<int>(memory, "group offsets");
        Sums = new GrowableBuffer<float>(memory, "per-group sums");
        Norms = new GrowableBuffer<float>(memory, "row norms");
        Errors = new GrowableBuffer<double>(memory, "row errors");
    }

    /// <summary>A chunk of rows, <c>n x d</c>.</summary>
    public GrowableBuffer<float> Rows { get; }

    /// <summary>The chunk weighted by <c>√w</c>.</summary>
    public GrowableBuffer<float> Scaled { get; }

    /// <summary>The chunk's <c>√w</c>.</summary>
    public GrowableBuffer<float> Factors { get; }

    /// <summary>Partial single-precision Grams of one chunk.</summary>
    public GrowableBuffer<float> Partials { get; }

    /// <summary>The double-precision Gram being summed.</summary>
    public GrowableBuffer<double> Gram { get; }

    /// <summary>The right operand: stacked bases, a basis, or a transposed basis.</summary>
    public GrowableBuffer<float> Operand { get; }

    /// <summary>The chunk's product.</summary>
    public GrowableBuffer<float> Output { get; }

    /// <summary>Column offsets of the per-group ranges, then <c>[0, d]</c> for the row norms.</summary>
    public GrowableBuffer<int> Offsets { get; }

    /// <summary>Per-group sums of squares of the chunk.</summary>
    public GrowableBuffer<float> Sums { get; }

    /// <summary>Row norms of the chunk.</summary>
    public GrowableBuffer<float> Norms { get; }

    /// <summary>Per-row errors and norms of the chunk.</summary>
    public GrowableBuffer<double> Errors { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Rows.Dispose();
        Scaled.Dispose();
        Factors.Dispose();
        Partials.Dispose();
        Gram.Dispose();
        Operand.Dispose();
        Output.Dispose();
        Offsets.Dispose();
        Sums.Dispose();
        Norms.Dispose();
        Errors.Dispose();
    }
}
