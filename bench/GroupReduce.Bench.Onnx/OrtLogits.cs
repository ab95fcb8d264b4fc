using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace GroupReduce.Bench.Onnx;

/// <summary>One model open in ONNX Runtime: its logits for a batch of hidden states, into a buffer made once per batch size.</summary>
internal sealed class OrtLogits : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly int _columns;
    private readonly int _rows;

    /// <summary>Opens <paramref name="path"/> with <paramref name="options"/> (the caller gives both models the same).</summary>
    /// <param name="path">An .onnx file with input <c>hidden</c> and output <c>logits</c>.</param>
    /// <param name="options">The session options.</param>
    /// <param name="columns">The hidden width.</param>
    /// <param name="rows">The vocabulary size.</param>
    public OrtLogits(string path, SessionOptions options, int columns, int rows)
    {
        var clock = Stopwatch.StartNew();
        _session = new InferenceSession(path, options);
        LoadSeconds = clock.Elapsed.TotalSeconds;
        _columns = columns;
        _rows = rows;
    }

    /// <summary>Seconds the session took to open (ORT reads the file and optimises the graph then).</summary>
    public double LoadSeconds { get; }

    /// <summary>Prepares one run of <paramref name="batch"/> rows of <paramref name="hidden"/>: input and output bound to arrays made here.</summary>
    /// <param name="hidden">Row-major hidden states, at least <c>batch * columns</c> values.</param>
    /// <param name="batch">Rows.</param>
    /// <returns>The run (an action) and the array it writes the logits to.</returns>
    public Prepared Prepare(float[] hidden, int batch)
    {
        float[] input = hidden[..(batch * _columns)];
        var output = new float[(long)batch * _rows];
        return new Prepared(this, OrtValue.CreateTensorValueFromMemory(input, [batch, _columns]), OrtValue.CreateTensorValueFromMemory(output, [batch, _rows]), output);
    }

    /// <summary>Ends the session's profiling (when its options enabled it).</summary>
    /// <returns>The profile's JSON file.</returns>
    public string EndProfiling() => _session.EndProfiling();

    /// <inheritdoc />
    public void Dispose()
    {
        _run.Dispose();
        _session.Dispose();
    }

    /// <summary>A bound run: <see cref="Run"/> writes the logits to <see cref="Logits"/> with no allocation of ours.</summary>
    internal sealed class Prepared(OrtLogits owner, OrtValue input, OrtValue output, float[] logits) : IDisposable
    {
        private static readonly string[] InputNames = [SoftmaxOnnxModel.InputName];
        private static readonly string[] OutputNames = [SoftmaxOnnxModel.OutputName];
        private readonly OrtValue[] _inputs = [input];
        private readonly OrtValue[] _outputs = [output];

        /// <summary>The logits of the last run, row-major <c>[batch, rows]</c>.</summary>
        public float[] Logits => logits;

        /// <summary>One run of the session.</summary>
        public void Run() => owner._session.Run(owner._run, InputNames, _inputs, OutputNames, _outputs);

        /// <inheritdoc />
        public void Dispose()
        {
            input.Dispose();
            output.Dispose();
        }
    }
}
