using System.Diagnostics;
using GroupReduce.Abstractions;
using GroupReduce.Core.Artifacts;
using GroupReduce.Core.Models.Mapping;

namespace GroupReduce.Core.Tests.Artifacts;

/// <summary>The pieces of a truthful write: file identity through links, the output lock, staged files and unnamed scratch files.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("groupreduce-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Two_names_of_one_file_are_the_same_file_and_a_copy_is_not()
    {
        string file = Write("a.txt", "content");
        string copy = Write("copy.txt", "content");
        File.CreateSymbolicLink(Path.Combine(_folder, "symlink.txt"), file);
        Directory.CreateSymbolicLink(Path.Combine(_folder, "linked"), _folder);
        Link(file, Path.Combine(_folder, "hard.txt"));

        Assert.True(FileIdentity.Same(file, Path.Combine(_folder, "symlink.txt")));
        Assert.True(FileIdentity.Same(file, Path.Combine(_folder, "linked", "a.txt")));
        Assert.True(FileIdentity.Same(file, Path.Combine(_folder, "hard.txt")));
        Assert.True(FileIdentity.Same(file, Path.Combine(_folder, "x", "..", "a.txt")));
        Assert.False(FileIdentity.Same(file, copy));
        Assert.False(FileIdentity.Same(file, Path.Combine(_folder, "missing.txt")));
    }

    [Fact]
    public void A_held_output_lock_refuses_a_second_holder_until_it_is_released_and_leaves_no_file()
    {
        string output = Path.Combine(_folder, "out", "m.gr.safetensors");

        using (OutputLock first = OutputLock.Acquire(output, SourceLocation.OfFile(output)))
        {
            Assert.Equal(Path.Combine(_folder, "out", ".m.gr.safetensors.lock"), first.Path);
            var refused = Assert.Throws<GroupReduceException>(() => OutputLock.Acquire(output, SourceLocation.OfFile(output)));
            Assert.Equal("GR1209", refused.Code);
        }

        Assert.False(File.Exists(OutputLock.PathFor(output)));
        using OutputLock again = OutputLock.Acquire(output, SourceLocation.OfFile(output));
        Assert.True(File.Exists(again.Path));
    }

    [Fact]
    public void A_lock_file_left_by_a_dead_run_does_not_block()
    {
        string output = Path.Combine(_folder, "m.gr.safetensors");
        File.WriteAllText(OutputLock.PathFor(output), "pid 1");

        using (OutputLock taken = OutputLock.Acquire(output, SourceLocation.OfFile(output)))
        {
            // Rewritten for people to read (by a tool that takes no lock; .NET's own reads take one, and are refused).
            Assert.True(new FileInfo(taken.Path).Length > "pid 1".Length);
        }

        Assert.False(File.Exists(OutputLock.PathFor(output)));
    }

    [Fact]
    public void A_staged_file_is_invisible_under_its_target_until_committed_and_gone_if_dropped()
    {
        string target = Path.Combine(_folder, "a.bin");
        using (StagedFile dropped = StagedFile.Write(target, s => s.WriteByte(1), CancellationToken.None))
        {
            Assert.True(File.Exists(dropped.TemporaryPath));
            Assert.False(File.Exists(target));
        }

        Assert.Empty(Directory.GetFiles(_folder));
        using StagedFile kept = StagedFile.Write(target, s => s.WriteByte(2), CancellationToken.None);
        kept.Commit();
        Assert.Equal([2], File.ReadAllBytes(target));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_cancelled_staged_write_leaves_nothing()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => StagedFile.Write(Path.Combine(_folder, "a.bin"), s => s.WriteByte(1), cancel.Token));

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Stale_temporary_files_of_exactly_the_targets_pattern_are_removed()
    {
        string target = Path.Combine(_folder, "a.bin");
        string ours = Path.Combine(_folder, $".a.bin.{Guid.NewGuid():N}.tmp");
        string[] notOurs = [Path.Combine(_folder, ".a.bin.notahash.tmp"), Path.Combine(_folder, $".b.a.bin.{Guid.NewGuid():N}.tmp"), Path.Combine(_folder, $"a.bin.{Guid.NewGuid():N}.tmp")];
        foreach (string file in notOurs.Append(ours))
        {
            File.WriteAllText(file, "x");
        }

        Assert.Equal(1, AtomicFile.RemoveStale(target));

        Assert.False(File.Exists(ours));
        Assert.All(notOurs, file => Assert.True(File.Exists(file)));
    }

    [Fact]
    public void A_scratch_file_has_no_name_while_open_so_a_killed_run_cannot_leave_it()
    {
        string[] before = Directory.GetFiles(Path.GetTempPath(), "groupreduce-*.tmp");

        using FileStream scratch = TemporaryFile.Create("model.txt");
        scratch.Write(new byte[4096]);
        scratch.Position = 0;

        Assert.Equal(4096, scratch.Read(new byte[8192]));
        Assert.False(File.Exists(scratch.Name));
        Assert.Equal(before.Order(), Directory.GetFiles(Path.GetTempPath(), "groupreduce-*.tmp").Order());
    }

    private string Write(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void Link(string existing, string name)
    {
        using Process ln = Process.Start("ln", [existing, name]);
        ln.WaitForExit();
        Assert.Equal(0, ln.ExitCode);
    }
}
