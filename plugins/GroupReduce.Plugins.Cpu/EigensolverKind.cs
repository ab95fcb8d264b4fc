namespace GroupReduce.Plugins.Cpu;

/// <summary>How the top eigenpairs of a group's Gram matrix are found.</summary>
internal enum EigensolverKind
{
    /// <summary>Full decomposition for small matrices or large ranks, subspace iteration otherwise.</summary>
    Auto,

    /// <summary>Always the full symmetric decomposition.</summary>
    Full,

    /// <summary>Always block subspace iteration with Rayleigh–Ritz (falling back to full if it does not converge).</summary>
    Subspace,
}
