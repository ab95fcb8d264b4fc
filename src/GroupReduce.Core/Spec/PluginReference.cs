using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;

namespace GroupReduce.Core.Spec;

/// <summary>A plugin named in the spec with its own option block (validated later by the plugin).</summary>
public sealed class PluginReference
{
    /// <summary>The plugin's name.</summary>
    public required SpecValue<string> Name { get; init; }

    /// <summary>The option block as written (empty when none).</summary>
    public required OptionMapping Options { get; init; }

    /// <summary>Where the reference starts.</summary>
    public required SourceLocation Location { get; init; }
}
