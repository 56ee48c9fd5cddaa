using System.Globalization;

namespace Chinook;

/// <summary>
/// Stands for a stored value that cannot be read as its column's provider type (say the text "abc" in a NUMERIC
/// column), so the comparer reports it as a difference instead of failing the whole comparison.
/// </summary>
/// <param name="Raw">The value as stored, formatted invariantly.</param>
/// <param name="StorageType">The CLR type the driver returned for the stored value.</param>
internal sealed record UnreadableValue(string Raw, string StorageType)
{
    /// <summary>Captures the raw value at <paramref name="ordinal"/>.</summary>
    public static UnreadableValue From(System.Data.Common.DbDataReader reader, int ordinal)
    {
        var value = reader.GetValue(ordinal);
        var raw = value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? string.Empty;
        return new UnreadableValue(raw, value.GetType().Name);
    }

    /// <inheritdoc />
    public override string ToString() => $"unreadable {StorageType} '{Raw}'";
}
