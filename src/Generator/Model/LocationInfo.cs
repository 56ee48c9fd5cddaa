using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace DbPickle.Generators.Model;

/// <summary>A diagnostic location without the syntax tree it came from, so models stay equatable and cache well.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location)
        => location?.SourceTree is null ? null : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}
