using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DbPickle.Infrastructure;

/// <summary>
/// A bulk insert the database refused at a known row (PostgreSQL reports a COPY's failing line, often only when the
/// COPY ends), so the runtime can name that row's key. Thrown by generated code; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed partial class BulkInsertRowException : Exception
{
    /// <summary>Wraps the provider's exception for row <paramref name="rowNumber"/> (1-based, in the order written).</summary>
    /// <param name="rowNumber">The row the database named.</param>
    /// <param name="inner">The provider's exception.</param>
    public BulkInsertRowException(long rowNumber, Exception inner)
        : base(inner.Message, inner) => RowNumber = rowNumber;

    /// <summary>The failing row, 1-based, in the order the rows were written.</summary>
    public long RowNumber { get; }

    /// <summary>The row number in a PostgreSQL error context such as <c>COPY orders, line 3</c>, or null.</summary>
    /// <param name="where">The error's context (<c>PostgresException.Where</c>).</param>
    /// <returns>The line number, or null when there is none.</returns>
    public static long? RowNumberFrom(string? where)
        => where is not null && CopyLine().Match(where) is { Success: true } match
            && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var line)
            ? line
            : null;

    [GeneratedRegex(@"^COPY [^,]+, line (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex CopyLine();
}
