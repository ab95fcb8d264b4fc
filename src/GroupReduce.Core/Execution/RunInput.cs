namespace GroupReduce.Core.Execution;

/// <summary>A file a run read, with its content: the list the depfile and the cache consume.</summary>
/// <param name="Role">What it is to the run: "model", "spec", "frequency file", "assembly", ….</param>
/// <param name="Path">Its full path.</param>
/// <param name="Hash">Its content hash (<see cref="InputHash"/>, <c>xxh128:&lt;hex&gt;</c>).</param>
public sealed record RunInput(string Role, string Path, string Hash);
