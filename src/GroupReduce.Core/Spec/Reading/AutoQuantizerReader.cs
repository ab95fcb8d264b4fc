using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;

namespace GroupReduce.Core.Spec.Reading;

/// <summary>
/// Reads <c>quantizer: auto</c> (or <c>{ name: auto, options: { encodings: [f16, int8, int4] } }</c>): the host, not a
/// plugin, chooses each group's encoding together with its rank from the listed quantizers (docs/spec.md#quantizer-auto).
/// </summary>
internal static class AutoQuantizerReader
{
    /// <summary>The reserved quantizer name.</summary>
    public const string Name = "auto";

    /// <summary>
    /// The encodings when none are listed: float16 for the groups whose error matters most, int8 and int4 for the rest
    /// (float32 costs twice float16 for an error that float16 already makes negligible).
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultEncodings = ["f16", "int8", "int4"];

    /// <summary>Shorthands for the <c>float</c> plugin's dtypes.</summary>
    private static readonly string[] FloatShorthands = ["f32", "f16", "bf16"];

    /// <summary>
    /// The default <c>noise_weight</c>: chosen on the validation text of both of the repository's models at 6.6x and 20x,
    /// where 4 lowered the perplexity against 1 (the measured error as it is) in every case (docs/results/defaults.md).
    /// </summary>
    public const double DefaultNoiseWeight = 4;

    /// <summary>The keys of <c>auto</c>'s options.</summary>
    private static readonly string[] Keys = ["encodings", "noise_weight"];

    /// <summary>The encodings and noise weight of an <c>auto</c> reference, or <see langword="null"/> for any other quantizer.</summary>
    /// <param name="quantizer">The spec's quantizer reference.</param>
    /// <returns>The settings, encodings in the order written (the first is the default's cost in plans).</returns>
    public static AutoQuantizerSpec? Read(PluginReference quantizer)
    {
        if (quantizer.Name.Value != Name)
        {
            return null;
        }

        if (quantizer.Sha256 is { } pin)
        {
            throw new GroupReduceException(SpecErrorCodes.AutoQuantizerConflict, "'quantizer: auto' is the host's own choice among quantizers, not a plugin file, so it cannot be pinned; pin each encoding instead (encodings: [{ name: int8, sha256: … }])", pin.Location);
        }

        OptionEntry? listed = null;
        SpecValue<double> noiseWeight = new(DefaultNoiseWeight, quantizer.Name.Location, IsDefault: true);
        foreach (OptionEntry entry in quantizer.Options.Entries)
        {
            switch (entry.Key)
            {
                case "encodings":
                    listed = entry;
                    break;
                case "noise_weight":
                    noiseWeight = NoiseWeight(entry);
                    break;
                default:
                    throw new GroupReduceException(SpecErrorCodes.UnknownKey, $"unknown key 'quantizer.options.{entry.Key}'" + NameSuggester.Hint(entry.Key, Keys, "keys"), entry.KeyLocation);
            }
        }

        return new AutoQuantizerSpec
        {
            Encodings = listed is null ? [.. DefaultEncodings.Select(label => Named(label, quantizer.Name.Location))] : Encodings(listed),
            NoiseWeight = noiseWeight,
        };
    }

    private static SpecValue<double> NoiseWeight(OptionEntry entry)
    {
        const string Expected = "a number from 0.01 to 100 (1: the encoding error as measured)";
        if (entry.Value is not OptionScalar scalar || !double.TryParse(scalar.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
        {
            throw new GroupReduceException(SpecErrorCodes.InvalidNumber, $"'quantizer.options.noise_weight' must be {Expected}", entry.Value.Location);
        }

        return value is >= 0.01 and <= 100
            ? new SpecValue<double>(value, scalar.Location)
            : throw new GroupReduceException(SpecErrorCodes.OutOfRange, $"'quantizer.options.noise_weight' is {scalar.Value}, out of range; it must be {Expected}", scalar.Location);
    }

    private static List<EncodingReference> Encodings(OptionEntry listed)
    {
        if (listed.Value is not OptionSequence list)
        {
            throw new GroupReduceException(SpecErrorCodes.WrongType, $"'quantizer.options.encodings' must be a list of quantizers (e.g. [f16, int8, int4]), not {listed.Value.KindName}", listed.Value.Location);
        }

        if (list.Items.Count == 0)
        {
            throw new GroupReduceException(SpecErrorCodes.EmptyValue, "'quantizer.options.encodings' is empty; list the encodings to choose from, e.g. [f16, int8, int4], or leave the key out for those", list.Location);
        }

        var encodings = new List<EncodingReference>(list.Items.Count);
        for (int index = 0; index < list.Items.Count; index++)
        {
            string what = $"quantizer.options.encodings[{index}]";
            EncodingReference encoding = Item(list.Items[index], what);
            if (encoding.Plugin.Name.Value == Name)
            {
                throw new GroupReduceException(SpecErrorCodes.AutoQuantizerConflict, $"'{what}' is 'auto' itself; list quantizers (f32, f16, bf16, int8, int4, codebook or a plugin's name)", encoding.Plugin.Name.Location);
            }

            if (encodings.Find(e => e.Label == encoding.Label) is { } first)
            {
                throw new GroupReduceException(SpecErrorCodes.AutoQuantizerConflict, $"encoding '{encoding.Label}' is listed twice (first at line {first.Plugin.Location.Line}, column {first.Plugin.Location.Column}); list each once", list.Items[index].Location);
            }

            encodings.Add(encoding);
        }

        return encodings;
    }

    /// <summary>GR1018 when <c>auto</c> meets a budget or method it cannot choose for.</summary>
    /// <param name="spec">The spec.</param>
    public static void CheckFits(CompressionSpec spec)
    {
        if (spec.Auto is null)
        {
            return;
        }

        SourceLocation at = spec.Quantizer.Name.Location;
        if (spec.Budget.Kind == BudgetKind.Parameters)
        {
            throw new GroupReduceException(SpecErrorCodes.AutoQuantizerConflict, "'quantizer: auto' trades bytes for precision, but a 'parameters:' budget counts stored values whatever their encoding; give the budget as 'rate:' or 'bytes:', or name one quantizer", at);
        }

        if (spec.Method.Value == CompressionMethod.Quantize || spec.Baselines.Any(b => b.Value == CompressionMethod.Quantize))
        {
            throw new GroupReduceException(SpecErrorCodes.AutoQuantizerConflict, "'quantizer: auto' chooses an encoding per group of a low-rank method, but 'quantize' stores each matrix whole with one quantizer; name one quantizer (e.g. 'quantizer: int8') or drop 'quantize' from the method and baselines", at);
        }
    }

    private static EncodingReference Item(OptionNode node, string what)
    {
        switch (node)
        {
            case OptionScalar scalar when scalar.Value.Trim().Length > 0:
                return Named(scalar.Value.Trim(), scalar.Location);

            case OptionMapping mapping:
                return Mapped(mapping, what);

            default:
                throw new GroupReduceException(SpecErrorCodes.WrongType, $"'{what}' must be a quantizer's name (f16, int8, …) or a mapping {{ name: …, options: {{ … }} }}, not {node.KindName}", node.Location);
        }
    }

    private static EncodingReference Mapped(OptionMapping mapping, string what)
    {
        string[] keys = ["name", "sha256", "options"];
        OptionScalar? name = null;
        OptionMapping options = new([], mapping.Location);
        SpecValue<string>? sha256 = null;
        foreach (OptionEntry entry in mapping.Entries)
        {
            switch (entry.Key)
            {
                case "name" when entry.Value is OptionScalar scalar && scalar.Value.Trim().Length > 0:
                    name = scalar;
                    break;
                case "options" when entry.Value is OptionMapping block:
                    options = block;
                    break;
                case "sha256" when entry.Value is OptionScalar hash:
                    string text = hash.Value.Trim();
                    sha256 = PluginReferenceReader.IsSha256(text)
                        ? new SpecValue<string>(text.ToLowerInvariant(), hash.Location)
                        : throw new GroupReduceException(SpecErrorCodes.InvalidHash, $"'{what}.sha256' must be the sha256 of the plugin's dll as 64 hex digits, not '{hash.Value}'", hash.Location);
                    break;
                case "name" or "options" or "sha256":
                    throw new GroupReduceException(SpecErrorCodes.WrongType, $"'{what}.{entry.Key}' must be {(entry.Key == "options" ? "a mapping of the quantizer's options" : "a text")}, not {entry.Value.KindName}", entry.Value.Location);
                default:
                    throw new GroupReduceException(SpecErrorCodes.UnknownKey, $"unknown key '{what}.{entry.Key}'" + NameSuggester.Hint(entry.Key, keys, "keys"), entry.KeyLocation);
            }
        }

        if (name is null)
        {
            throw new GroupReduceException(SpecErrorCodes.MissingKey, $"'{what}' has no 'name'; add the quantizer's name, e.g. name: int8", mapping.Location);
        }

        string label = name.Value.Trim();
        if (options.Entries.Count > 0)
        {
            // Two entries of one plugin with different options need different names in the report.
            label += " (" + string.Join(", ", options.Entries.Select(e => e.Key + ": " + (e.Value is OptionScalar v ? v.Value : "…"))) + ")";
        }

        return new EncodingReference(label, new PluginReference { Name = new SpecValue<string>(name.Value.Trim(), name.Location), Options = options, Sha256 = sha256, Location = mapping.Location });
    }

    /// <summary>An encoding given by name: the quantizer plugin of that name, except <c>f32</c>, <c>f16</c> and <c>bf16</c>, which are the <c>float</c> plugin with that dtype.</summary>
    private static EncodingReference Named(string label, SourceLocation at)
    {
        if (!FloatShorthands.Contains(label))
        {
            return new EncodingReference(label, new PluginReference { Name = new SpecValue<string>(label, at), Options = new OptionMapping([], at), Location = at });
        }

        var dtype = new OptionMapping([new OptionEntry("dtype", at, new OptionScalar(label, at))], at);
        return new EncodingReference(label, new PluginReference { Name = new SpecValue<string>("float", at), Options = dtype, Location = at });
    }
}
