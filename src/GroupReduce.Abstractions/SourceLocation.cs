namespace GroupReduce.Abstractions;

/// <summary>A place in a text file: 1-based line and column. Used to point errors at the YAML that caused them.</summary>
/// <param name="File">The file path as the user gave it.</param>
/// <param name="Line">1-based line, or 0 when unknown.</param>
/// <param name="Column">1-based column, or 0 when unknown.</param>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>A location naming only a file.</summary>
    /// <param name="file">The file path.</param>
    /// <returns>The location with no line or column.</returns>
    public static SourceLocation OfFile(string file) => new(file, 0, 0);

    /// <summary>Formats as <c>file(line,col)</c>, the form MSBuild and IDEs understand, or just <c>file</c>.</summary>
    /// <returns>The formatted location.</returns>
    public override string ToString() => Line > 0 ? $"{File}({Line},{Math.Max(Column, 1)})" : File;
}
