namespace GroupReduce.Plugins.Cpu.Kernels;

/// <summary>
/// The operations a float-to-double kernel needs at one vector width, as static abstract members of a struct, so that
/// a kernel written once as <c>Kernel&lt;TWidth, TDouble&gt;</c> is compiled separately for each width with every
/// call inlined (the <c>IMicroKernel&lt;T&gt;</c> style): the 256- and 512-bit twins exist only once in source.
/// </summary>
/// <typeparam name="TDouble">The double vector (<c>Vector256&lt;double&gt;</c>, <c>Vector512&lt;double&gt;</c>).</typeparam>
internal unsafe interface IWideningWidth<TDouble>
    where TDouble : struct
{
    /// <summary>Floats per float vector (twice the doubles per double vector).</summary>
    static abstract int Count { get; }

    /// <summary>The all-zero vector.</summary>
    static abstract TDouble Zero { get; }

    /// <summary>Loads <see cref="Count"/> floats and widens them to two double vectors.</summary>
    /// <param name="source">The first float.</param>
    /// <returns>The lower and upper halves.</returns>
    static abstract (TDouble Lower, TDouble Upper) LoadWidened(float* source);

    /// <summary>Loads a double vector.</summary>
    /// <param name="source">The first double.</param>
    /// <returns>The vector.</returns>
    static abstract TDouble Load(double* source);

    /// <summary>Stores a double vector.</summary>
    /// <param name="value">The vector.</param>
    /// <param name="target">The first double.</param>
    static abstract void Store(TDouble value, double* target);

    /// <summary>Every lane <paramref name="value"/>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The vector.</returns>
    static abstract TDouble Create(double value);

    /// <summary><c>a + b</c>.</summary>
    /// <param name="a">The first term.</param>
    /// <param name="b">The second term.</param>
    /// <returns>The sum.</returns>
    static abstract TDouble Add(TDouble a, TDouble b);

    /// <summary><c>a − b</c>.</summary>
    /// <param name="a">The minuend.</param>
    /// <param name="b">The subtrahend.</param>
    /// <returns>The difference.</returns>
    static abstract TDouble Subtract(TDouble a, TDouble b);

    /// <summary><c>a · b</c>.</summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <returns>The product.</returns>
    static abstract TDouble Multiply(TDouble a, TDouble b);

    /// <summary><c>a · b + addend</c> with one rounding.</summary>
    /// <param name="a">The first factor.</param>
    /// <param name="b">The second factor.</param>
    /// <param name="addend">The addend.</param>
    /// <returns>The fused result.</returns>
    static abstract TDouble FusedMultiplyAdd(TDouble a, TDouble b, TDouble addend);

    /// <summary>The sum of the lanes.</summary>
    /// <param name="vector">The vector.</param>
    /// <returns>The sum.</returns>
    static abstract double Sum(TDouble vector);
}
