using System.ComponentModel;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace DbPickle.Infrastructure;

/// <summary>Typed reads of one column into a property, with or without a value converter. Used by generated code; not a stable API.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DbValue
{
    /// <summary>Reads a non-nullable value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Read<T>(DbDataReader reader, int ordinal, ValueConversion? conversion)
        where T : notnull
        => conversion is null ? reader.GetFieldValue<T>(ordinal) : (T)conversion.FromProvider(reader, ordinal)!;

    /// <summary>Reads a nullable value type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? ReadNullable<T>(DbDataReader reader, int ordinal, ValueConversion? conversion)
        where T : struct
    {
        if (conversion is not null)
        {
            return (T?)conversion.FromProvider(reader, ordinal);
        }

        return reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
    }

    /// <summary>Reads a reference type (string, byte[]), null when the column is NULL.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T? ReadReference<T>(DbDataReader reader, int ordinal, ValueConversion? conversion)
        where T : class
    {
        if (conversion is not null)
        {
            return (T?)conversion.FromProvider(reader, ordinal);
        }

        return reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
    }
}
