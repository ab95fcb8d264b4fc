namespace GroupReduce.TestPlugins.Tripwire;

/// <summary>The file this plugin's code writes when it runs: <c>tripwire.ran</c> beside the plugin's dll.</summary>
public static class Marker
{
    /// <summary>The marker's file name.</summary>
    public const string FileName = "tripwire.ran";

    /// <summary>Appends one line saying what ran.</summary>
    /// <param name="what">What ran.</param>
    public static void Write(string what) =>
        File.AppendAllText(Path.Combine(Path.GetDirectoryName(typeof(Marker).Assembly.Location)!, FileName), what + "\n");
}
