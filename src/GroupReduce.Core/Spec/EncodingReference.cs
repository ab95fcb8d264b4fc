namespace GroupReduce.Core.Spec;

/// <summary>One encoding <c>quantizer: auto</c> may store a group with: the quantizer plugin that encodes it, and its name in reports.</summary>
/// <param name="Label">How reports name it: the list item as written (<c>f16</c>, <c>int8</c>), or the plugin's name for a mapping.</param>
/// <param name="Plugin">The quantizer plugin and its options (<c>f16</c> is the <c>float</c> plugin with <c>dtype: f16</c>).</param>
public sealed record EncodingReference(string Label, PluginReference Plugin);
