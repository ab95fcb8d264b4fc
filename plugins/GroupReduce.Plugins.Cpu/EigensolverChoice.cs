namespace GroupReduce.Plugins.Cpu;

/// <summary>
/// The <c>auto</c> rule: always the dense solver. Measured on the OBW-shaped benchmark (<c>bench/GroupReduce.Bench</c>,
/// <c>--scale 0.1</c>, d = 1024, ranks 24–141): realistic Grams have slowly decaying spectra, so subspace iteration
/// from random vectors needs dozens of products, and even warm-started from the previous basis during refinement
/// none of 64 refits reached the tolerance within 8 products: trying first cost 6.2 s of eigen time against 4.3 s
/// for the dense solver alone (about 0.1 s per problem on one thread). Subspace iteration stays available as an
/// explicit choice.
/// </summary>
internal static class EigensolverChoice
{
    /// <summary>The eigensolver to use for a requested kind.</summary>
    /// <param name="requested">The option's value.</param>
    /// <returns><see cref="EigensolverKind.Full"/> or <see cref="EigensolverKind.Subspace"/>.</returns>
    public static EigensolverKind Resolve(EigensolverKind requested) =>
        requested == EigensolverKind.Auto ? EigensolverKind.Full : requested;
}
