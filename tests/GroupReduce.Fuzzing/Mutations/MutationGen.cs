using CsCheck;

namespace GroupReduce.Fuzzing.Mutations;

/// <summary>CsCheck generators of mutations, so a failing case shrinks to few mutations at small positions.</summary>
public static class MutationGen
{
    // Most defects are in headers: three positions in four fall in the first 256 bytes.
    private static readonly Gen<int> Position = Gen.Frequency((3, Gen.Int[0, 255]), (1, Gen.Int[0, 1 << 20]));

    /// <summary>The mutations for inputs of a shape: every byte-level kind, and the structure-aware one of the shape weighted up.</summary>
    /// <param name="shape">The input's structure.</param>
    /// <returns>The generator.</returns>
    public static Gen<Mutation> For(InputShape shape)
    {
        Gen<MutationKind> kind = shape switch
        {
            InputShape.JsonHeader => Gen.Frequency(
                (6, Gen.Const(MutationKind.JsonEdit)),
                (2, Gen.Const(MutationKind.SetInteger)),
                (1, Gen.OneOf(MutationKind.FlipBit, MutationKind.SetByte, MutationKind.Insert, MutationKind.Delete, MutationKind.Truncate, MutationKind.Splice))),
            InputShape.Text => Gen.Frequency(
                (6, Gen.Const(MutationKind.LineEdit)),
                (1, Gen.OneOf(MutationKind.FlipBit, MutationKind.SetByte, MutationKind.Insert, MutationKind.Delete, MutationKind.Truncate, MutationKind.Splice))),
            _ => Gen.Frequency(
                (4, Gen.Const(MutationKind.SetInteger)),
                (3, Gen.OneOf(MutationKind.FlipBit, MutationKind.SetByte, MutationKind.Insert, MutationKind.Delete, MutationKind.Truncate, MutationKind.Splice))),
        };
        return Gen.Select(kind, Position, Gen.Int[0, 63], Gen.Int[0, 1 << 16], (k, p, l, c) => new Mutation(k, p, l, c));
    }

    /// <summary>A case for a target: which seed, and one to four mutations of it.</summary>
    /// <param name="target">The target.</param>
    /// <returns>The generator.</returns>
    public static Gen<FuzzCase> Cases(FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        int seeds = target.Seeds.Count;
        return Gen.Select(Gen.Int[0, seeds - 1], For(target.Shape).Array[1, 4], (seed, mutations) => new FuzzCase(seed, mutations));
    }
}
