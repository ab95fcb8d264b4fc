using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Core.Spec.Yaml;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>
/// Turns a plugin's <c>options</c> block into the contracts' option tree, unvalidated: the plugin that
/// owns the options checks them later, with the same positions.
/// </summary>
internal static class OptionTreeConverter
{
    /// <summary>Converts an option block, which must be a mapping.</summary>
    /// <param name="node">The <c>options</c> value.</param>
    /// <param name="what">Its path in the spec, e.g. <c>solver.options</c>.</param>
    /// <returns>The option mapping.</returns>
    /// <exception cref="GroupReduceException">The block is not a mapping (<see cref="ErrorCodes.OptionsNotMapping"/>).</exception>
    public static OptionMapping Convert(SpecNode node, string what)
    {
        if (node is not SpecMapping mapping)
        {
            throw new GroupReduceException(
                ErrorCodes.OptionsNotMapping,
                $"'{what}' must be a mapping of option names to values (e.g. options: {{ threads: 2 }}), not {node.Describe()}",
                node.Location);
        }

        // Aliases share nodes; converting each shared node once keeps "billion laughs" specs linear.
        return (OptionMapping)Convert(mapping, new Dictionary<SpecNode, OptionNode>());
    }

    private static OptionNode Convert(SpecNode node, Dictionary<SpecNode, OptionNode> converted)
    {
        if (converted.TryGetValue(node, out OptionNode? done))
        {
            return done;
        }

        OptionNode result = node switch
        {
            SpecScalar scalar => new OptionScalar(scalar.Value, scalar.Location),
            SpecSequence sequence => new OptionSequence(
                sequence.Items.Select(item => Convert(item, converted)).ToArray(), sequence.Location),
            SpecMapping mapping => new OptionMapping(
                mapping.Entries.Select(entry => new OptionEntry(entry.Name, entry.Key.Location, Convert(entry.Value, converted))).ToArray(),
                mapping.Location),
            _ => throw new ArgumentOutOfRangeException(nameof(node), node.GetType().Name, "unknown spec node kind"),
        };
        converted.Add(node, result);
        return result;
    }
}
