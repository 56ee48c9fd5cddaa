using System.Runtime.InteropServices;
using DbPickle.Model;
using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// Keys that fit a <see cref="KeyEntry"/>: one or two integer columns, or one Guid column. Almost every primary and
/// foreign key is one of these; they are checked by sorting instead of hashing, so a load's memory stays bounded.
/// An int and a long holding 5 are the same key this way, as a foreign key may use another integer type than its key.
/// </summary>
internal static class CompactKey
{
    /// <summary>Whether every value of <paramref name="columns"/> fits a <see cref="KeyEntry"/>, decided from the property types.</summary>
    public static bool Fits(TableMapping table, int[] columns)
    {
        if (columns.Length == 1)
        {
            var type = ClrType(table.Columns[columns[0]]);
            return IsInteger(type) || type == typeof(Guid);
        }

        return columns.Length == 2 && columns.All(c => IsInteger(ClrType(table.Columns[c])));
    }

    /// <summary>Reads the key of a row whose columns <see cref="Fits"/>; false when a column is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRead(TableMapping table, object entity, int[] columns, long spoolOffset, out KeyEntry entry)
    {
        var codec = table.Codec;
        var first = codec.GetValue(entity, table.Columns[columns[0]].PropertyIndex);
        if (first is Guid guid)
        {
            var words = MemoryMarshal.Cast<Guid, long>(MemoryMarshal.CreateReadOnlySpan(ref guid, 1));
            entry = new KeyEntry(words[0], words[1], spoolOffset);
            return true;
        }

        if (first is null)
        {
            entry = default;
            return false;
        }

        long second = 0;
        if (columns.Length == 2)
        {
            if (codec.GetValue(entity, table.Columns[columns[1]].PropertyIndex) is not { } value)
            {
                entry = default;
                return false;
            }

            second = ToInt64(value);
        }

        entry = new KeyEntry(ToInt64(first), second, spoolOffset);
        return true;
    }

    private static Type ClrType(ColumnMapping column) => Nullable.GetUnderlyingType(column.Property.ClrType) ?? column.Property.ClrType;

    private static bool IsInteger(Type type)
        => type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte)
            || type == typeof(sbyte) || type == typeof(ushort) || type == typeof(uint);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long ToInt64(object value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        byte b => b,
        sbyte sb => sb,
        ushort us => us,
        uint ui => ui,
        _ => throw new InvalidOperationException($"Key value of type {value.GetType()} is not an integer."),
    };
}
