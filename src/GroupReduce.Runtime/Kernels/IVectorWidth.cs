namespace GroupReduce.Runtime.Kernels;

/// <summary>
/// The few vector operations a width-generic kernel needs, as static abstract members of a struct, so that a kernel
/// written once as <c>Kernel&lt;TWidth, TVector&gt;</c> is compiled separately for each width with every call inlined
/// (the <c>IMicroKernel&lt;T&gt;</c> style of the plugins' GEMM): the twins cost no speed and exist only once in source.
/// </summary>
/// <typeparam name="TVector">The vector type (<c>Vector256&lt;float&gt;</c>, <c>Vector512&lt;float&gt;</c>).</typeparam>
internal interface IVectorWidth<TVector>
    where TVector : struct
{
    /// <summary>Floats per vector.</summary>
    static abstract int Count { get; }

    /// <summary>Loads <see cref="Count"/> floats from <c>source + offset</c> (no alignment needed).</summary>
    /// <param name="source">The base.</param>
    /// <param name="offset">Elements past the base.</param>
    /// <returns>The vector.</returns>
    static abstract TVector Load(ref float source, nuint offset);

    /// <summary><c>a · b + addend</c>, fused where the hardware fuses (as <c>MultiplyAddEstimate</c>).</summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <param name="addend">The addend.</param>
    /// <returns>The result.</returns>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);

    /// <summary>The sum of the lanes.</summary>
    /// <param name="vector">The vector.</param>
    /// <returns>The sum.</returns>
    static abstract float Sum(TVector vector);
}
