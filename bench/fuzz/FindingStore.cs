using System.Security.Cryptography;
using System.Text;
using GroupReduce.Fuzzing;

namespace GroupReduce.Bench.Fuzz;

/// <summary>
/// Saves the first input of each distinct defect (by signature) as <c>&lt;folder&gt;/&lt;target&gt;/&lt;hash&gt;.bin</c>, with a
/// <c>.txt</c> beside it holding the signature, the case and the stack. Copy a fixed one to
/// tests/GroupReduce.Fuzzing/Reproducers/&lt;target&gt;/ to keep it as a regression test.
/// </summary>
internal sealed class FindingStore(string folder)
{
    private readonly HashSet<string> _saved = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public string Folder { get; } = Path.GetFullPath(folder);

    public void Save(string target, string signature, byte[] input, string description)
    {
        lock (_gate)
        {
            if (!_saved.Add(target + "\n" + signature))
            {
                return;
            }

            string name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(signature)))[..12];
            string directory = Path.Combine(Folder, target);
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(Path.Combine(directory, name + ".bin"), input);
            File.WriteAllText(Path.Combine(directory, name + ".txt"), $"{signature}\n\n{description}\n");
        }
    }
}
