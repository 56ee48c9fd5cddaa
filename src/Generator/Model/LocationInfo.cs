using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DbPickle.Generators.Model;

/// <summary>A diagnostic location without the syntax tree it came from, so models stay equatable and cache well.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    /// <summary>
    /// The location in its syntax tree when <paramref name="compilation"/> has exactly one tree at <see cref="FilePath"/>:
    /// only a location in a tree can be suppressed by <c>#pragma warning disable</c> or an .editorconfig severity.
    /// </summary>
    public Location ToLocation(Compilation compilation)
    {
        SyntaxTree? match = null;
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == FilePath)
            {
                if (match is not null)
                {
                    return Location.Create(FilePath, Span, LineSpan);
                }

                match = tree;
            }
        }

        return match is not null && Span.End <= match.Length ? Location.Create(match, Span) : Location.Create(FilePath, Span, LineSpan);
    }

    public static LocationInfo? From(Location? location)
        => location?.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
