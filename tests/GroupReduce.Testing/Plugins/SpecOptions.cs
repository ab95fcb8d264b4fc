using GroupReduce.Abstractions;
using GroupReduce.Abstractions.Options;
using GroupReduce.Abstractions.Plugins;

namespace GroupReduce.Testing.Plugins;

/// <summary>
/// Builds plugin option blocks as the host would from YAML — entry <c>i</c> sits on line <c>FirstLine + i</c> —
/// so plugin tests can assert the exact place of an option error.
/// </summary>
public static class SpecOptions
{
    public const string File = "models/groupreduce.yaml";
    public const int FirstLine = 7;
    public const int KeyColumn = 7;

    public static PluginOptions Of(string owner, params (string Key, string Value)[] entries)
    {
        var list = new List<OptionEntry>();
        for (int i = 0; i < entries.Length; i++)
        {
            (string key, string value) = entries[i];
            list.Add(new OptionEntry(key, KeyAt(i), new OptionScalar(value, ValueAt(i, key))));
        }

        return new PluginOptions(owner, new OptionMapping(list, new SourceLocation(File, FirstLine, KeyColumn)));
    }

    public static PluginOptions WithNode(string owner, string key, OptionNode value) =>
        new(owner, new OptionMapping([new OptionEntry(key, KeyAt(0), value)], new SourceLocation(File, FirstLine, KeyColumn)));

    public static SourceLocation KeyAt(int entry) => new(File, FirstLine + entry, KeyColumn);

    public static SourceLocation ValueAt(int entry, string key) => new(File, FirstLine + entry, KeyColumn + key.Length + 2);

    public static PluginContext Context(int threads = 2) => new(new NullLog(), threads);

    private sealed class NullLog : IPluginLog
    {
        public void Info(string message)
        {
        }

        public void Warning(string code, string message)
        {
        }
    }
}
