using GroupReduce.Testing.Engine;

namespace GroupReduce.Cli.Tests;

/// <summary>Runs the command line in process with captured output, in a temporary copy of the sample.</summary>
internal sealed class CliRun : IDisposable
{
    public CliRun()
    {
        Folder = Path.Combine(Path.GetTempPath(), "groupreduce-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "sample")))
        {
            File.Copy(file, Path.Combine(Folder, Path.GetFileName(file)));
        }
    }

    public string Folder { get; }

    public string Output { get; private set; } = string.Empty;

    public string Error { get; private set; } = string.Empty;

    public string this[string name] => Path.Combine(Folder, name);

    public int Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApplication.Run(args, output, error);
        Output = output.ToString();
        Error = error.ToString();
        return code;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
