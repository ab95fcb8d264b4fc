namespace GroupReduce.Plugins.Cpu;

/// <summary>How the top eigenpairs of a group's Gram matrix are found.</summary>
internal enum EigensolverKind
{
    /// <summary>The measured faster choice (see <see cref="EigensolverChoice"/>): today always the dense solver.</summary>
    Auto,

    /// <summary>Always the dense symmetric solver (tridiagonalisation, divide and conquer, back-transformation).</summary>
    Full,

    /// <summary>Always block subspace iteration with Rayleigh–Ritz (falling back to full if it does not converge).</summary>
    Subspace,
}
