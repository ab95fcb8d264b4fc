using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;

namespace GroupReduce.Core.Spec;

/// <summary>A plugin named in the spec with its own option block (validated later by the plugin).</summary>
public sealed class PluginReference
{
    /// <summary>The plugin's name, located at the written name (at the top of the spec for the default plugin).</summary>
    public required SpecValue<string> Name { get; init; }

    /// <summary>
    /// The option block as written, converted but not validated: the plugin validates it. Empty when none,
    /// then located at the name.
    /// </summary>
    public required OptionMapping Options { get; init; }

    /// <summary>
    /// The sha256 the plugin's main assembly file must have (64 lower-case hex digits, located at the value), or
    /// <see langword="null"/> when the spec does not pin the plugin.
    /// </summary>
    public SpecValue<string>? Sha256 { get; init; }

    /// <summary>Where the reference's key (<c>solver:</c>, …) is written, or the top of the spec for the default plugin.</summary>
    public required SourceLocation Location { get; init; }
}
