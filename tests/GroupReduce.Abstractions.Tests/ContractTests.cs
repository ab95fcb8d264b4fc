using GroupReduce.Abstractions.Solving;

namespace GroupReduce.Abstractions.Tests;

public sealed class ContractTests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(1, 1, true)]
    [InlineData(1, 2, true)]
    [InlineData(1, 3, true)]
    [InlineData(1, 4, false)]
    [InlineData(2, 0, false)]
    [InlineData(0, 9, false)]
    public void The_host_accepts_the_same_major_and_no_newer_minor(int major, int minor, bool expected)
    {
        Assert.Equal(expected, PluginContract.IsCompatible(major, minor));
    }

    [Fact]
    public void Diagnostics_use_the_canonical_msbuild_form()
    {
        Assert.Equal("a.yaml(3,7): error GR1004: bad", new GroupReduceException("GR1004", "bad", new SourceLocation("a.yaml", 3, 7)).ToDiagnosticString());
        Assert.Equal("lm.bin: error GR2003: short", new GroupReduceException("GR2003", "short", SourceLocation.OfFile("lm.bin")).ToDiagnosticString());
        Assert.Equal("groupreduce: error GR4001: small", new GroupReduceException("GR4001", "small").ToDiagnosticString());
    }

    [Fact]
    public void A_basis_reports_the_energy_it_leaves_and_checks_its_shape()
    {
        var basis = new GroupBasis(0, 2, 1, [1f, 0f], [3.0], 5.0);

        Assert.Equal(2.0, basis.ResidualEnergy);
        Assert.Throws<ArgumentException>(() => new GroupBasis(0, 2, 1, [1f], [3.0], 5.0));
        Assert.Equal(0.25, new ReconstructionError(1, 4, 2, 4).WeightedRelative);
        Assert.Equal(new ReconstructionError(2, 8, 4, 8), new ReconstructionError(1, 4, 2, 4) + new ReconstructionError(1, 4, 2, 4));
    }
}
