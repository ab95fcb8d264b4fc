using System.Numerics;

namespace GroupReduce.Plugins.Numerics;

/// <summary>
/// A register-blocked micro-kernel: <c>C[Mr x Nr] (=|+=) Apanel · Bpanel</c> over <c>kc</c> steps, where the
/// A panel holds <c>Mr</c> values per step and the B panel <c>Nr</c> values per step (the packed layouts).
/// Every element is a sequential fused multiply-add chain over the steps, so its value does not depend
/// on which thread or tile computed it.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal unsafe interface IMicroKernel<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Rows of the register tile.</summary>
    static abstract int Mr { get; }

    /// <summary>Columns of the register tile.</summary>
    static abstract int Nr { get; }

    /// <summary>Runs the kernel.</summary>
    /// <param name="kc">Steps (the shared dimension of this block).</param>
    /// <param name="a">Packed A panel: <c>kc * Mr</c> values.</param>
    /// <param name="b">Packed B panel: <c>kc * Nr</c> values, 64-byte aligned.</param>
    /// <param name="c">The tile's first element.</param>
    /// <param name="ldc">Distance between tile rows.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    static abstract void Run(int kc, T* a, T* b, T* c, nint ldc, bool accumulate);

    /// <summary>
    /// Runs the half-width kernel: <c>C[Mr x Nr/2] (=|+=) Apanel · Bpanel</c> with a B panel of <c>Nr/2</c> values
    /// per step, for a last panel that holds at most half a tile's columns. Each element is the same fused chain
    /// as in <see cref="Run"/>, so the result does not depend on which of the two computed it.
    /// </summary>
    /// <param name="kc">Steps.</param>
    /// <param name="a">Packed A panel: <c>kc * Mr</c> values.</param>
    /// <param name="b">Packed narrow B panel: <c>kc * Nr / 2</c> values, 64-byte aligned.</param>
    /// <param name="c">The tile's first element.</param>
    /// <param name="ldc">Distance between tile rows.</param>
    /// <param name="accumulate">Add to <paramref name="c"/> instead of overwriting it.</param>
    static abstract void RunNarrow(int kc, T* a, T* b, T* c, nint ldc, bool accumulate);
}
