namespace GroupReduce.Build.Tests;

/// <summary>Every build test shares one packed package.</summary>
[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackageFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "GroupReduce.Build package";
}
