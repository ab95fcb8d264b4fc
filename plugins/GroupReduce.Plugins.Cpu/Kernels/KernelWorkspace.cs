using GroupReduce.Plugins.Numerics;

namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>Everything one worker thread packs into, kept for the life of a session so hot loops never allocate.</summary>
internal sealed class KernelWorkspace : IDisposable
{
    private readonly WorkspaceBuffers<float> _single = new();
    private readonly WorkspaceBuffers<double> _double = new();

    /// <summary>The buffers for element type <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <returns>The buffers.</returns>
    public WorkspaceBuffers<T> For<T>()
        where T : unmanaged =>
        typeof(T) == typeof(float) ? (WorkspaceBuffers<T>)(object)_single
        : typeof(T) == typeof(double) ? (WorkspaceBuffers<T>)(object)_double
        : throw new NotSupportedException($"no kernel buffers for {typeof(T).Name}");

    /// <inheritdoc />
    public void Dispose()
    {
        _single.Dispose();
        _double.Dispose();
    }
}
