using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;
using GroupReduce.Abstractions.Quantization;

namespace GroupReduce.TestPlugins.Tripwire;

/// <summary>
/// Hides its base's Name with a <c>new</c> one: the metadata says "shadowing", the interface call answers
/// "shadowed-base". The host must notice the difference when it creates it (GR3011).
/// </summary>
public sealed class ShadowingQuantizerFactory : ShadowedQuantizerFactoryBase
{
    public new string Name => "shadowing";
}
