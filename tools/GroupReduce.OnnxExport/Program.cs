using GroupReduce.Abstractions;
using GroupReduce.OnnxExport;

// Usage: dotnet run --project tools/GroupReduce.OnnxExport -- [MODEL [OUT]]
//        (defaults: samples/brown-lm/lm.safetensors and lm.onnx beside it)
if (args.Length > 2 || args.Any(a => a.StartsWith('-')))
{
    Console.Error.WriteLine("usage: GroupReduce.OnnxExport [MODEL.safetensors [OUT.onnx]]   (defaults: samples/brown-lm/lm.safetensors, lm.onnx beside the model)");
    return 2;
}

string model = args.Length > 0 ? args[0] : Path.Combine("samples", "brown-lm", "lm.safetensors");
string output = args.Length > 1 ? args[1] : Path.Combine(Path.GetDirectoryName(model) ?? ".", "lm.onnx");
try
{
    NplmOnnxExporter.Export(model, output);
}
catch (GroupReduceException e)
{
    // The model reader's and eval's own diagnostics: code, file and fix.
    Console.Error.WriteLine(e.ToDiagnosticString());
    return 1;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

Console.WriteLine($"wrote {output} ({new FileInfo(output).Length:N0} bytes) from {model}");
return 0;
