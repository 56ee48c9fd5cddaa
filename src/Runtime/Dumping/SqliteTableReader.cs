using System.Buffers;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using DbPickle.Execution;
using DbPickle.Infrastructure;
using DbPickle.Model;
using MemoryPack;

namespace DbPickle.Dumping;

/// <summary>
/// Dumps a SQLite table through SQLite's C API, encoding each value straight from what SQLite holds into the snapshot
/// format: no Microsoft.Data.Sqlite reader, no entity, and text copied as the UTF-8 SQLite stores. Every value encodes
/// to exactly what the provider's reader would have given. The fast forms are the ones with only one reading: an
/// INTEGER for an integer property, valid UTF-8 text for a string, a date in the canonical text EF Core writes, and so
/// on. Any other value (a date stored as a Julian day, a number in a text column, NULL in a required column) is read
/// by Microsoft.Data.Sqlite itself, from a one-value <c>SELECT</c> that holds it with the same storage class, through
/// the same generated code as the provider path: it converts, or fails, as it would there.
/// </summary>
internal sealed class SqliteTableReader : IDisposable
{
    /// <summary>"yyyy-MM-dd HH:mm:ss", the part of EF Core's DateTime text before the optional fraction.</summary>
    private const int DateTimeLength = 19;

    private readonly TableMapping _table;
    private readonly SqliteStatement _statement;
    private readonly ColumnPlan[] _columns;
    private readonly DbSession _session;

    /// <summary>The entity converted and odd values pass through on their way to the codec; nothing else reads it.</summary>
    private readonly object _entity;

    private readonly ConvertedEncodings _converted;

    private DbCommand? _oneValue;
    private bool _started;

    private SqliteTableReader(DbSession session, TableMapping table, SqliteStatement statement, ColumnPlan[] columns)
    {
        _session = session;
        _table = table;
        _statement = statement;
        _columns = columns;
        _entity = table.Codec.CreateEntity();
        _converted = new ConvertedEncodings(table, _entity, columns.Length);
    }

    /// <summary>A reader for <paramref name="table"/>, or null when a column has a type this path does not read (the provider path does).</summary>
    public static SqliteTableReader? TryCreate(DbSession session, SqliteStatements statements, TableMapping table, string sql)
    {
        var columns = new ColumnPlan[table.Columns.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            if (Plan(table.Columns[c]) is not { } plan)
            {
                return null;
            }

            columns[c] = plan;
        }

        return new SqliteTableReader(session, table, statements.Prepare(session.Connection, sql), columns);
    }

    private static ColumnPlan? Plan(ColumnMapping column)
    {
        var presence = column.Spec.Nullable || column.Spec.Kind is SnapshotValueKind.String or SnapshotValueKind.Binary;
        if (column.Conversion is { } conversion)
        {
            var provider = Nullable.GetUnderlyingType(conversion.ProviderClrType) ?? conversion.ProviderClrType;
            var form = provider == typeof(string) ? Form.ConvertedText
                : provider == typeof(long) || provider == typeof(int) || provider == typeof(short) || provider == typeof(byte) || provider == typeof(bool) ? Form.ConvertedInteger
                : (Form?)null;
            return form is { } converted ? new ColumnPlan(converted, presence, column, provider) : null;
        }

        Form? direct = column.Spec.Kind switch
        {
            SnapshotValueKind.Boolean => Form.Boolean,
            SnapshotValueKind.Byte => Form.Byte,
            SnapshotValueKind.Int16 => Form.Int16,
            SnapshotValueKind.Int32 => Form.Int32,
            SnapshotValueKind.Int64 => Form.Int64,
            SnapshotValueKind.Double => Form.Double,
            SnapshotValueKind.Single => Form.Single,
            SnapshotValueKind.String => Form.Text,
            SnapshotValueKind.Binary => Form.Blob,
            SnapshotValueKind.Decimal => Form.Decimal,
            SnapshotValueKind.DateTime => Form.DateTime,
            SnapshotValueKind.DateOnly => Form.DateOnly,
            SnapshotValueKind.Guid => Form.Guid,
            _ => null,
        };
        return direct is { } form2 ? new ColumnPlan(form2, presence, column, null) : null;
    }

    /// <summary>Reads the next row and appends its encoding to <paramref name="buffer"/>; false after the last row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool ReadRow(ArrayBufferWriter<byte> buffer, MemoryPackWriterOptionalState state)
    {
        var rc = _statement.Step();
        if (rc != SqliteStatement.Row)
        {
            if (rc == SqliteStatement.Done)
            {
                return false;
            }

            rc = WaitWhileBusy(rc);
            if (rc == SqliteStatement.Done)
            {
                return false;
            }
        }

        _started = true;
        var writer = new MemoryPackWriter<ArrayBufferWriter<byte>>(ref buffer, state);
        for (var c = 0; c < _columns.Length; c++)
        {
            if (!TryWrite(ref writer, state, c))
            {
                WriteThroughProvider(ref writer, c);
            }
        }

        writer.Flush();
        return true;
    }

    /// <summary>
    /// Before the first row another connection may hold the database's write lock: SQLite answers "busy" at once, where
    /// Microsoft.Data.Sqlite's reader retries until the command timeout. So does this. Any other failure is SQLite's error.
    /// </summary>
    private int WaitWhileBusy(int rc)
    {
        var started = Stopwatch.GetTimestamp();
        while (!_started && (rc & 0xFF) is SqliteStatement.Busy or SqliteStatement.Locked
            && Stopwatch.GetElapsedTime(started).TotalSeconds < _statement.BusyTimeoutSeconds)
        {
            _statement.Reset();
            Thread.Sleep(50);
            rc = _statement.Step();
        }

        if (rc is SqliteStatement.Row or SqliteStatement.Done)
        {
            return rc;
        }

        var error = _statement.Error(rc);
        throw new SnapshotException($"Reading table '{_table.DisplayName}' failed: {error.Message}", error);
    }

    /// <summary>Writes column <paramref name="c"/> of the current row when its value has a fast form; writes nothing and returns false otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryWrite(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, MemoryPackWriterOptionalState state, int c)
    {
        ref readonly var plan = ref _columns[c];
        var storage = _statement.ColumnType(c);
        if (storage == SqliteStorageClass.Null)
        {
            // NULL where the property can hold null; a non-nullable value type fails on the provider path, as it would.
            if (!plan.Presence)
            {
                return false;
            }

            EncodedValues.WriteNull(ref writer);
            return true;
        }

        switch (plan.Form)
        {
            case Form.Boolean:
                return storage == SqliteStorageClass.Integer && Write(ref writer, plan.Presence, _statement.ColumnInt64(c) != 0);
            case Form.Byte:
                return storage == SqliteStorageClass.Integer && _statement.ColumnInt64(c) is >= byte.MinValue and <= byte.MaxValue and var b
                    && Write(ref writer, plan.Presence, (byte)b);
            case Form.Int16:
                return storage == SqliteStorageClass.Integer && _statement.ColumnInt64(c) is >= short.MinValue and <= short.MaxValue and var s
                    && Write(ref writer, plan.Presence, (short)s);
            case Form.Int32:
                return storage == SqliteStorageClass.Integer && _statement.ColumnInt64(c) is >= int.MinValue and <= int.MaxValue and var i
                    && Write(ref writer, plan.Presence, (int)i);
            case Form.Int64:
                return storage == SqliteStorageClass.Integer && Write(ref writer, plan.Presence, _statement.ColumnInt64(c));
            case Form.Double:
                // Microsoft.Data.Sqlite reads a double with sqlite3_column_double whatever the storage class.
                return storage is SqliteStorageClass.Real or SqliteStorageClass.Integer && Write(ref writer, plan.Presence, _statement.ColumnDouble(c));
            case Form.Single:
                return storage is SqliteStorageClass.Real or SqliteStorageClass.Integer && Write(ref writer, plan.Presence, (float)_statement.ColumnDouble(c));
            case Form.Text:
                return storage == SqliteStorageClass.Text && WriteText(ref writer, _statement.ColumnText(c));
            case Form.Blob:
                if (storage != SqliteStorageClass.Blob)
                {
                    return false;
                }

                EncodedValues.WriteBytes(ref writer, _statement.ColumnBlob(c));
                return true;
            case Form.Decimal:
                if (storage != SqliteStorageClass.Text || !TryParseDecimal(_statement.ColumnText(c), out var amount))
                {
                    return false;
                }

                EncodedValues.WriteDecimal(ref writer, plan.Presence, amount);
                return true;
            case Form.DateTime:
                if (storage != SqliteStorageClass.Text || !TryParseDateTime(_statement.ColumnText(c), out var time))
                {
                    return false;
                }

                EncodedValues.WriteDateTime(ref writer, plan.Presence, time.Ticks, DateTimeKind.Unspecified);
                return true;
            case Form.DateOnly:
                return storage == SqliteStorageClass.Text && TryParseDateOnly(_statement.ColumnText(c), out var day) && Write(ref writer, plan.Presence, day);
            case Form.Guid:
                return TryReadGuid(storage, c, out var guid) && Write(ref writer, plan.Presence, guid);
            case Form.ConvertedText:
                if (storage != SqliteStorageClass.Text)
                {
                    return false;
                }

                var text = _statement.ColumnText(c);
                if (!EncodedValues.IsPlainUtf8(text))
                {
                    return false;
                }

                return _converted.TryWriteRemembered(ref writer, c, text)
                    || _converted.TryWriteAndRemember(ref writer, state, c, plan.Column, text, Encoding.UTF8.GetString(text));
            case Form.ConvertedInteger:
                if (storage != SqliteStorageClass.Integer)
                {
                    return false;
                }

                var stored = _statement.ColumnInt64(c);
                var key = MemoryMarshal.AsBytes(new ReadOnlySpan<long>(in stored));
                return _converted.TryWriteRemembered(ref writer, c, key)
                    || (ProviderInteger(plan.ProviderType!, stored) is { } integer && _converted.TryWriteAndRemember(ref writer, state, c, plan.Column, key, integer));
            default:
                return false;
        }
    }

    private static bool Write<T>(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, bool presence, T value)
        where T : unmanaged
    {
        EncodedValues.Write(ref writer, presence, value);
        return true;
    }

    /// <summary>Text that is not plain UTF-8 is left to the provider path, which decodes it as Microsoft.Data.Sqlite does (invalid bytes become U+FFFD).</summary>
    private static bool WriteText(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, ReadOnlySpan<byte> utf8)
    {
        if (!EncodedValues.IsPlainUtf8(utf8))
        {
            return false;
        }

        EncodedValues.WriteUtf8(ref writer, utf8, EncodedValues.Utf16Length(utf8));
        return true;
    }

    /// <summary>Microsoft.Data.Sqlite's <c>decimal.Parse(text, Number | AllowExponent, InvariantCulture)</c>, for ASCII text.</summary>
    internal static bool TryParseDecimal(ReadOnlySpan<byte> text, out decimal value)
    {
        value = 0;
        return System.Text.Ascii.IsValid(text)
            && decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>
    /// EF Core's DateTime text, "yyyy-MM-dd HH:mm:ss" with an optional fraction of 1 to 7 digits and nothing else: what
    /// <c>DateTime.Parse</c> reads as that clock time, of unspecified kind. Anything else (an offset, a 'T', a Julian day
    /// number) goes to the provider path.
    /// </summary>
    internal static bool TryParseDateTime(ReadOnlySpan<byte> text, out DateTime value)
    {
        value = default;
        if (text.Length < DateTimeLength || text.Length == DateTimeLength + 1 || text.Length > DateTimeLength + 8
            || text[10] != (byte)' ' || text[13] != (byte)':' || text[16] != (byte)':'
            || !TryParseDateOnly(text[..10], out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || hour > 23
            || !TryDigits(text.Slice(14, 2), out var minute) || minute > 59
            || !TryDigits(text.Slice(17, 2), out var second) || second > 59)
        {
            return false;
        }

        long fraction = 0;
        if (text.Length > DateTimeLength)
        {
            var digits = text[(DateTimeLength + 1)..];
            if (text[DateTimeLength] != (byte)'.' || !TryDigits(digits, out fraction))
            {
                return false;
            }

            for (var scale = digits.Length; scale < 7; scale++)
            {
                fraction *= 10;
            }
        }

        value = day.ToDateTime(new TimeOnly((int)hour, (int)minute, (int)second)).AddTicks(fraction);
        return true;
    }

    /// <summary>"yyyy-MM-dd" exactly, a valid date: what <c>DateOnly.Parse</c> reads as that date.</summary>
    internal static bool TryParseDateOnly(ReadOnlySpan<byte> text, out DateOnly value)
    {
        value = default;
        if (text.Length != 10 || text[4] != (byte)'-' || text[7] != (byte)'-'
            || !TryDigits(text[..4], out var year) || year == 0
            || !TryDigits(text.Slice(5, 2), out var month) || month is < 1 or > 12
            || !TryDigits(text.Slice(8, 2), out var dayOfMonth) || dayOfMonth < 1 || dayOfMonth > DateTime.DaysInMonth((int)year, (int)month))
        {
            return false;
        }

        value = new DateOnly((int)year, (int)month, (int)dayOfMonth);
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    /// <summary>A GUID as 16 bytes (<c>new Guid(bytes)</c>) or as the 36-character text EF Core writes.</summary>
    private bool TryReadGuid(SqliteStorageClass storage, int c, out Guid value)
    {
        value = default;
        if (storage == SqliteStorageClass.Blob)
        {
            var bytes = _statement.ColumnBlob(c);
            if (bytes.Length != 16)
            {
                return false;
            }

            value = new Guid(bytes);
            return true;
        }

        if (storage != SqliteStorageClass.Text)
        {
            return false;
        }

        var text = _statement.ColumnText(c);
        if (text.Length != 36 || !System.Text.Ascii.IsValid(text))
        {
            return false;
        }

        Span<char> chars = stackalloc char[36];
        System.Text.Ascii.ToUtf16(text, chars, out _);
        return Guid.TryParseExact(chars, "D", out value);
    }

    /// <summary>An INTEGER as the converter's provider type, as <c>GetFieldValue</c> of that type reads it; null when it does not fit (the provider path then fails as the provider would).</summary>
    private static object? ProviderInteger(Type provider, long value)
    {
        if (provider == typeof(long))
        {
            return value;
        }

        if (provider == typeof(bool))
        {
            return value != 0;
        }

        if (provider == typeof(int))
        {
            return value is >= int.MinValue and <= int.MaxValue ? (int)value : null;
        }

        if (provider == typeof(short))
        {
            return value is >= short.MinValue and <= short.MaxValue ? (short)value : null;
        }

        return value is >= byte.MinValue and <= byte.MaxValue ? (byte)value : null;
    }

    /// <summary>
    /// Reads column <paramref name="c"/> of the current row through Microsoft.Data.Sqlite: the value goes back to SQLite
    /// as a parameter of the same storage class and is read from <c>SELECT</c> by the generated code the provider path
    /// uses, so it converts, or fails with the same error, as it would there.
    /// </summary>
    private void WriteThroughProvider(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, int c)
    {
        var column = _table.Columns[c];
        try
        {
            ReadThroughProvider(c);
        }
        catch (Exception exception) when (SnapshotDumper.IsUnreadableValue(exception))
        {
            // Keyed as the provider path keys it: the row's key once every key column comes before this one.
            var key = c > _table.KeyColumns.Max() ? DescribeKeyThroughProvider() : "key not read yet";
            throw SnapshotDumper.ReadFailed(_table, column, key, exception);
        }

        _table.Codec.WriteValue(ref writer, _entity, column.PropertyIndex);
    }

    private void ReadThroughProvider(int c)
    {
        var column = _table.Columns[c];
        var command = _oneValue ??= CreateOneValueCommand();
        command.Parameters[0].Value = _statement.ColumnType(c) switch
        {
            SqliteStorageClass.Integer => _statement.ColumnInt64(c),
            SqliteStorageClass.Real => _statement.ColumnDouble(c),
            SqliteStorageClass.Text => Encoding.UTF8.GetString(_statement.ColumnText(c)),
            SqliteStorageClass.Blob => _statement.ColumnBlob(c).ToArray(),
            _ => DBNull.Value,
        };

        using var reader = command.ExecuteReader();
        reader.Read();
        _table.Codec.ReadFromDb(reader, 0, _entity, column.PropertyIndex, column.Conversion);
    }

    private DbCommand CreateOneValueCommand()
    {
        var command = _session.CreateCommand("SELECT @value");
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@value";
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>The row's key for an error message, read through the provider path; the message stays useful if that fails too.</summary>
    private string DescribeKeyThroughProvider()
    {
        try
        {
            foreach (var key in _table.KeyColumns)
            {
                ReadThroughProvider(key);
            }

            return _table.DescribeKey(_entity);
        }
        catch (Exception exception) when (SnapshotDumper.IsUnreadableValue(exception))
        {
            return "key not readable";
        }
    }

    public void Dispose()
    {
        _oneValue?.Dispose();
        _statement.Dispose();
    }

    /// <summary>How a column's values are read when they have their fast form.</summary>
    private enum Form : byte
    {
        Boolean,
        Byte,
        Int16,
        Int32,
        Int64,
        Double,
        Single,
        Text,
        Blob,
        Decimal,
        DateTime,
        DateOnly,
        Guid,

        /// <summary>Text handed to the property's value converter.</summary>
        ConvertedText,

        /// <summary>An integer handed to the property's value converter.</summary>
        ConvertedInteger,
    }

    /// <param name="Form">How the column's values are read.</param>
    /// <param name="Presence">Whether the file has a presence byte before each value (nullable or reference type).</param>
    /// <param name="Column">The column.</param>
    /// <param name="ProviderType">The converter's provider type, for a converted column.</param>
    private readonly record struct ColumnPlan(Form Form, bool Presence, ColumnMapping Column, Type? ProviderType);
}
