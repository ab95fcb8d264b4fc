namespace GroupReduce.Testing.Engine;

/// <summary>
/// The spec the tests compress samples/brown-lm/lm.onnx with: the sample's settings without <c>matrices</c> (the ONNX
/// graph names them), with the refinement rounds and the quantizer a test chooses.
/// </summary>
public static class BrownOnnxSpec
{
    /// <summary>The spec's text; <c>counts.tsv</c> is expected beside it.</summary>
    /// <param name="iterations">Refinement rounds (the sample uses 3; 0 builds fastest).</param>
    /// <param name="quantizer">The quantizer.</param>
    /// <returns>The YAML.</returns>
    public static string Text(int iterations, string quantizer = "float") => $"""
        version: 1
        frequencies:
          source: counts
          path: counts.tsv
        budget:
          rate: 6.6x
        groups: 10
        partition: independent
        refinement:
          iterations: {iterations}
        quantizer: {quantizer}
        """;
}
