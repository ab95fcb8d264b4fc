using GroupReduce.Fuzzing.Mutations;

namespace GroupReduce.Fuzzing;

/// <summary>One generated input: a seed of the target and the mutations applied to it.</summary>
/// <param name="Seed">The index of the seed in <see cref="FuzzTarget.Seeds"/>.</param>
/// <param name="Mutations">The mutations, applied in order.</param>
public sealed record FuzzCase(int Seed, Mutation[] Mutations)
{
    /// <summary>The input's bytes.</summary>
    /// <param name="target">The target whose seed to mutate.</param>
    /// <returns>The mutated seed.</returns>
    public byte[] Bytes(FuzzTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return Mutator.Apply(target.Seeds[Seed].Bytes, target.Shape, Mutations);
    }

    /// <inheritdoc />
    public override string ToString() => $"seed {Seed}: {string.Join(", ", Mutations)}";
}
