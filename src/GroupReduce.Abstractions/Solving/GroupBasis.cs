namespace GroupReduce.Abstractions.Solving;

/// <summary>
/// The weighted low-rank basis of one group: the top <see cref="Rank"/> eigenvectors of
/// <c>A_gᵀ diag(w) A_g</c> (the right singular vectors of <c>diag(√w) A_g</c>), with their eigenvalues.
/// The group's weighted squared error with this basis is <see cref="ResidualEnergy"/>.
/// </summary>
public sealed class GroupBasis
{
    /// <summary>Creates a basis.</summary>
    /// <param name="groupId">The group's index.</param>
    /// <param name="columns">The matrix's column count <c>d</c>.</param>
    /// <param name="rank">The rank <c>r</c>.</param>
    /// <param name="vectors"><c>d x r</c> values, row-major: component <c>k</c> of column <c>j</c> at <c>j * r + k</c>; orthonormal columns.</param>
    /// <param name="eigenvalues">The <c>r</c> eigenvalues, descending: the weighted energy each component captures.</param>
    /// <param name="totalEnergy"><c>Σ w_i ‖a_i‖²</c> over the group's rows.</param>
    public GroupBasis(int groupId, int columns, int rank, float[] vectors, double[] eigenvalues, double totalEnergy)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(eigenvalues);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        if (vectors.Length != (long)columns * rank)
        {
            throw new ArgumentException($"expected {(long)columns * rank} basis values, got {vectors.Length}", nameof(vectors));
        }

        if (eigenvalues.Length != rank)
        {
            throw new ArgumentException($"expected {rank} eigenvalues, got {eigenvalues.Length}", nameof(eigenvalues));
        }

        GroupId = groupId;
        Columns = columns;
        Rank = rank;
        Vectors = vectors;
        Eigenvalues = eigenvalues;
        TotalEnergy = totalEnergy;
    }

    /// <summary>The group's index.</summary>
    public int GroupId { get; }

    /// <summary>The matrix's column count <c>d</c>.</summary>
    public int Columns { get; }

    /// <summary>The rank <c>r</c>.</summary>
    public int Rank { get; }

    /// <summary><c>d x r</c>, row-major, orthonormal columns.</summary>
    public float[] Vectors { get; }

    /// <summary>The eigenvalues, descending.</summary>
    public double[] Eigenvalues { get; }

    /// <summary><c>Σ w_i ‖a_i‖²</c> over the group's rows.</summary>
    public double TotalEnergy { get; }

    /// <summary>The weighted squared error the basis leaves: total energy minus the captured energy, never negative.</summary>
    public double ResidualEnergy
    {
        get
        {
            double captured = 0;
            foreach (double value in Eigenvalues)
            {
                captured += value;
            }

            return Math.Max(0, TotalEnergy - captured);
        }
    }
}
