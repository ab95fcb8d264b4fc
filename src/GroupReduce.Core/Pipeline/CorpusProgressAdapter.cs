using GroupReduce.Core.Execution;
using GroupReduce.Core.Frequencies;

namespace GroupReduce.Core.Pipeline;

/// <summary>Passes corpus counting's progress straight to the observer (synchronously, unlike <see cref="Progress{T}"/>), in bytes.</summary>
internal sealed class CorpusProgressAdapter(IRunObserver observer) : IProgress<CorpusProgress>
{
    public void Report(CorpusProgress value) =>
        observer.Progress(value.Stage == CorpusCountStage.Hashing ? "hashing corpus" : "counting corpus", value.BytesDone, value.BytesTotal);
}
