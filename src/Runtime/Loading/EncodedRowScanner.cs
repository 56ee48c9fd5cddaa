using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using DbPickle.Engines;
using DbPickle.Model;

namespace DbPickle.Loading;

/// <summary>
/// Clears rows for the validation pass straight from their encoded bytes, and reads their compact keys, without
/// materialising an entity or its strings: for a table whose rows go to the spool as the file's bytes (no hook, no
/// conversion), that is most of pass 1's work. It only ever clears a row: a value that might be refused, that the load
/// would change (<see cref="LoadOptions.UnspecifiedDateTimeKind"/>), or that is malformed sends the row down the full
/// path (decode, <see cref="RowValidator.Check"/>), which reports it exactly as before. So it must never clear a row the
/// full path would report; every check here is the full path's own predicate, applied to the same value.
/// </summary>
internal sealed class EncodedRowScanner
{
    private readonly Column[] _columns;
    private readonly int[] _keyColumns;
    private readonly int[][] _referenceColumns;
    private readonly EngineDialect _dialect;

    /// <summary>Each column's key value as read from the row (integers widened, a Guid as two words), and whether it was present.</summary>
    private readonly long[] _first;
    private readonly long[] _second;
    private readonly bool[] _present;

    private EncodedRowScanner(Column[] columns, int[] keyColumns, int[][] referenceColumns, EngineDialect dialect)
    {
        _columns = columns;
        _keyColumns = keyColumns;
        _referenceColumns = referenceColumns;
        _dialect = dialect;
        _first = new long[columns.Length];
        _second = new long[columns.Length];
        _present = new bool[columns.Length];
    }

    /// <summary>
    /// A scanner for <paramref name="plan"/>'s rows, or null when rows of that table need their entity in pass 1 anyway:
    /// an OnPreWalk hook, columns that differ from the model's, keys or references checked from the entity (not
    /// compact), a self-reference (ordered from the entity), or a timestamp behind a value converter.
    /// </summary>
    public static EncodedRowScanner? For(TableLoadPlan plan, EngineDialect dialect)
    {
        if (plan.Target is not { } table
            || !plan.SpoolsFileBytes
            || plan.Keys?.Sorted is null
            || plan.References is not { Others.Length: 0 } references
            || table.SelfReference is not null
            || table.Timestamps.Any(t => t.Column.Conversion is not null))
        {
            return null;
        }

        var columns = new Column[table.Columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            var model = table.Columns[c];
            var file = plan.File.Columns[c];
            var timestamp = table.Timestamps.FirstOrDefault(t => t.Column == model);
            columns[c] = new Column(
                file.Kind,
                file.Nullable,
                Required: !model.IsNullable,
                MaxLength: model.MaxLength is { } max && file.Kind is SnapshotValueKind.String or SnapshotValueKind.Binary ? max : int.MaxValue,
                Precision: file.Kind == SnapshotValueKind.Decimal ? model.Precision ?? 0 : 0,
                Scale: model.Scale ?? 0,
                ChecksText: dialect.ChecksText && file.Kind is SnapshotValueKind.String or SnapshotValueKind.Char,
                TimeKind: timestamp?.Kind ?? StoredTimeKind.Any);
        }

        return new EncodedRowScanner(columns, table.KeyColumns, [.. references.Compact.Select(f => f.DependentColumns)], dialect);
    }

    /// <summary>
    /// Walks the row at the start of <paramref name="row"/>. True when the full path would find nothing to report or
    /// change in it: <paramref name="length"/> is then its size, <paramref name="key"/> and <paramref name="references"/>
    /// (one slot per compact foreign key) hold its compact keys, as <see cref="CompactKey.TryRead"/> would read them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryClear(ReadOnlySpan<byte> row, out int length, out KeyEntry key, out bool keyPresent, Span<KeyEntry> references, Span<bool> referencesPresent)
    {
        key = default;
        keyPresent = false;
        length = 0;
        var offset = 0;
        for (var c = 0; c < _columns.Length; c++)
        {
            if (!TryClearValue(row, ref offset, c))
            {
                return false;
            }
        }

        length = offset;
        keyPresent = TryKey(_keyColumns, out key);
        for (var f = 0; f < _referenceColumns.Length; f++)
        {
            referencesPresent[f] = TryKey(_referenceColumns[f], out references[f]);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryClearValue(ReadOnlySpan<byte> row, ref int offset, int c)
    {
        ref readonly var column = ref _columns[c];
        _present[c] = false;
        if (column.Nullable || column.Kind is SnapshotValueKind.String or SnapshotValueKind.Binary)
        {
            if (offset >= row.Length)
            {
                return false;
            }

            var presence = row[offset++];
            if (presence == 0)
            {
                // A required value missing is the full path's to report.
                return !column.Required;
            }

            if (presence != 1)
            {
                return false;
            }
        }

        var rest = row[offset..];
        switch (column.Kind)
        {
            case SnapshotValueKind.Boolean:
                return rest.Length >= 1 && rest[0] <= 1 && Advance(ref offset, 1);
            case SnapshotValueKind.Byte:
                return Integer(rest, 1, rest.Length >= 1 ? rest[0] : 0, ref offset, c);
            case SnapshotValueKind.SByte:
                return Integer(rest, 1, rest.Length >= 1 ? (sbyte)rest[0] : 0, ref offset, c);
            case SnapshotValueKind.Int16:
                return Integer(rest, 2, rest.Length >= 2 ? BinaryPrimitives.ReadInt16LittleEndian(rest) : 0, ref offset, c);
            case SnapshotValueKind.UInt16:
                return Integer(rest, 2, rest.Length >= 2 ? BinaryPrimitives.ReadUInt16LittleEndian(rest) : 0, ref offset, c);
            case SnapshotValueKind.Int32:
                return Integer(rest, 4, rest.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(rest) : 0, ref offset, c);
            case SnapshotValueKind.UInt32:
                return Integer(rest, 4, rest.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(rest) : 0, ref offset, c);
            case SnapshotValueKind.Int64:
                return Integer(rest, 8, rest.Length >= 8 ? BinaryPrimitives.ReadInt64LittleEndian(rest) : 0, ref offset, c);
            case SnapshotValueKind.UInt64 or SnapshotValueKind.Double or SnapshotValueKind.TimeOnly or SnapshotValueKind.TimeSpan:
                return rest.Length >= 8 && Advance(ref offset, 8);
            case SnapshotValueKind.Single or SnapshotValueKind.DateOnly:
                return rest.Length >= 4 && Advance(ref offset, 4);
            case SnapshotValueKind.Char:
                return rest.Length >= 2
                    && !(column.ChecksText && _dialect.MayRefuseChar((char)BinaryPrimitives.ReadUInt16LittleEndian(rest)))
                    && Advance(ref offset, 2);
            case SnapshotValueKind.Guid:
                if (rest.Length < 16)
                {
                    return false;
                }

                _first[c] = BinaryPrimitives.ReadInt64LittleEndian(rest);
                _second[c] = BinaryPrimitives.ReadInt64LittleEndian(rest[8..]);
                _present[c] = true;
                return Advance(ref offset, 16);
            case SnapshotValueKind.Decimal:
                return rest.Length >= 16 && Decimal(rest, column) && Advance(ref offset, 16);
            case SnapshotValueKind.DateTime:
                return rest.Length >= 9 && DateTime(rest, column.TimeKind) && Advance(ref offset, 9);
            case SnapshotValueKind.DateTimeOffset:
                return rest.Length >= 10 && DateTimeOffset(rest, column.TimeKind) && Advance(ref offset, 10);
            case SnapshotValueKind.String:
                return String(rest, column, ref offset);
            case SnapshotValueKind.Binary:
                return Binary(rest, column, ref offset);
            default:
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Advance(ref int offset, int count)
    {
        offset += count;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private bool Integer(ReadOnlySpan<byte> rest, int size, long value, ref int offset, int c)
    {
        if (rest.Length < size)
        {
            return false;
        }

        _first[c] = value;
        _second[c] = 0;
        _present[c] = true;
        offset += size;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Decimal(ReadOnlySpan<byte> rest, in Column column)
    {
        var lo = BinaryPrimitives.ReadInt32LittleEndian(rest);
        var mid = BinaryPrimitives.ReadInt32LittleEndian(rest[4..]);
        var hi = BinaryPrimitives.ReadInt32LittleEndian(rest[8..]);
        var flags = BinaryPrimitives.ReadInt32LittleEndian(rest[12..]);

        // What the decimal constructor refuses (the full path reports the file as corrupt).
        if ((flags & 0x7F00FFFF) != 0 || ((flags >> 16) & 0xFF) > 28)
        {
            return false;
        }

        if (column.Precision == 0)
        {
            return true;
        }

        var value = new decimal(lo, mid, hi, flags < 0, (byte)((flags >> 16) & 0xFF));
        return RowValidator.Fits(value, column.Precision, column.Scale);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool DateTime(ReadOnlySpan<byte> rest, StoredTimeKind timeKind)
    {
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(rest);
        var kind = rest[8];
        if (ticks < System.DateTime.MinValue.Ticks || ticks > System.DateTime.MaxValue.Ticks || kind > (byte)DateTimeKind.Local)
        {
            return false;
        }

        return timeKind == StoredTimeKind.Any || RowValidator.Takes(timeKind, new DateTime(ticks, (DateTimeKind)kind));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool DateTimeOffset(ReadOnlySpan<byte> rest, StoredTimeKind timeKind)
    {
        var ticks = BinaryPrimitives.ReadInt64LittleEndian(rest);
        var minutes = BinaryPrimitives.ReadInt16LittleEndian(rest[8..]);

        // What the DateTimeOffset constructor refuses: an offset beyond 14 hours, a UTC time outside DateTime's range.
        if (minutes is < -840 or > 840 || ticks < System.DateTime.MinValue.Ticks || ticks > System.DateTime.MaxValue.Ticks)
        {
            return false;
        }

        var utcTicks = ticks - (minutes * System.TimeSpan.TicksPerMinute);
        if (utcTicks < System.DateTime.MinValue.Ticks || utcTicks > System.DateTime.MaxValue.Ticks)
        {
            return false;
        }

        return timeKind != StoredTimeKind.Utc || minutes == 0;
    }

    /// <summary>
    /// A MemoryPack string as DbPickle writes it: the complement of its UTF-8 byte count, its UTF-16 length, the bytes.
    /// Cleared only when the bytes are valid UTF-8 of exactly that UTF-16 length (what the full path's strict decode
    /// accepts), the length fits the column, and the engine cannot refuse the text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool String(ReadOnlySpan<byte> rest, in Column column, ref int offset)
    {
        if (rest.Length < 8)
        {
            return false;
        }

        var header = BinaryPrimitives.ReadInt32LittleEndian(rest);
        if (header == 0)
        {
            offset += 4;
            return true;
        }

        if (header >= -1)
        {
            // The UTF-16 form, or null where a value was announced: rare enough for the full path.
            return false;
        }

        var byteCount = ~header;
        var utf16Length = BinaryPrimitives.ReadInt32LittleEndian(rest[4..]);
        if (utf16Length <= 0 || utf16Length > column.MaxLength || byteCount > rest.Length - 8)
        {
            return false;
        }

        var bytes = rest.Slice(8, byteCount);
        if (!System.Text.Unicode.Utf8.IsValid(bytes) || Encoding.UTF8.GetCharCount(bytes) != utf16Length)
        {
            return false;
        }

        if (column.ChecksText && _dialect.MayRefuseText(bytes))
        {
            return false;
        }

        offset += 8 + byteCount;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Binary(ReadOnlySpan<byte> rest, in Column column, ref int offset)
    {
        if (rest.Length < 4)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadInt32LittleEndian(rest);
        if (count < 0 || count > column.MaxLength || count > rest.Length - 4)
        {
            return false;
        }

        offset += 4 + count;
        return true;
    }

    /// <summary>The compact key of <paramref name="columns"/>, as <see cref="CompactKey.TryRead"/> reads it from an entity.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryKey(int[] columns, out KeyEntry key)
    {
        var first = columns[0];
        if (!_present[first] || (columns.Length == 2 && !_present[columns[1]]))
        {
            key = default;
            return false;
        }

        key = columns.Length == 2
            ? new KeyEntry(_first[first], _first[columns[1]], 0)
            : new KeyEntry(_first[first], _second[first], 0);
        return true;
    }

    /// <summary>What the scan needs of one column: its encoding and the limits the full path checks.</summary>
    private readonly record struct Column(
        SnapshotValueKind Kind, bool Nullable, bool Required, int MaxLength, int Precision, int Scale, bool ChecksText, StoredTimeKind TimeKind);
}
