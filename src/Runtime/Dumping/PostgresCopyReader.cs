using System.Buffers;
using System.Buffers.Binary;
using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using DbPickle.Engines;
using DbPickle.Execution;
using DbPickle.Infrastructure;
using DbPickle.Model;
using MemoryPack;

namespace DbPickle.Dumping;

/// <summary>
/// Dumps a PostgreSQL table through <c>COPY … TO STDOUT (FORMAT BINARY)</c> and encodes each value straight from
/// PostgreSQL's binary form into the snapshot format: no Npgsql converter, no entity, text copied as the UTF-8 the
/// server sends. Every value encodes to what Npgsql's <c>GetFieldValue</c> of the property's type gives. Most values
/// have a form with only one reading (an <c>integer</c> for an int property, a timestamp within DateTime's range, a
/// numeric whose digits make a decimal exactly). A row holding any other value (infinity, a numeric Npgsql's decimal
/// arithmetic rounds or refuses, NaN, a NULL in a non-nullable property, text that is not UTF-8) is decoded the way
/// Npgsql 10 does it, into the entity, and encoded by the codec as the provider path would: the server cannot be
/// asked again while the COPY streams. The tests compare both paths byte for byte on such values.
/// </summary>
internal sealed class PostgresCopyReader : IAsyncDisposable
{
    /// <summary>PostgreSQL counts timestamps in microseconds and dates in days from 2000-01-01.</summary>
    private static readonly long EpochTicks = new DateTime(2000, 1, 1).Ticks;

    private static readonly int EpochDay = new DateOnly(2000, 1, 1).DayNumber;

    /// <summary>"PGCOPY\n\377\r\n\0": the binary COPY format's signature.</summary>
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    private const int SignedSign = 0x4000;


    /// <summary>The largest mantissa a decimal holds: 2^96 - 1.</summary>
    private static readonly UInt128 MaxMantissa = (UInt128.One << 96) - 1;

    /// <summary>10^0 to 10^19.</summary>
    private static ReadOnlySpan<ulong> PowersOfTen => Loading.RowValidator.PowersOfTen;

    private readonly TableMapping _table;
    private readonly Stream _stream;
    private readonly ColumnPlan[] _columns;
    private readonly object _entity;

    /// <summary>Where each field of the current row starts in <see cref="_buffer"/>, and its length (-1 for NULL).</summary>
    private readonly int[] _fieldStart;
    private readonly int[] _fieldLength;

    /// <summary>Each field of the current row decoded: its bits (integers, floats, ticks, days), its decimal, or its text's UTF-16 length.</summary>
    private readonly long[] _scalar;
    private readonly decimal[] _decimal;

    private readonly ConvertedEncodings _converted;

    private byte[] _buffer = new byte[256 * 1024];
    private int _start;
    private int _end;
    private int _rowEnd;
    private bool _ended;

    private PostgresCopyReader(TableMapping table, Stream stream, ColumnPlan[] columns)
    {
        _table = table;
        _stream = stream;
        _columns = columns;
        _entity = table.Codec.CreateEntity();
        _fieldStart = new int[columns.Length];
        _fieldLength = new int[columns.Length];
        _scalar = new long[columns.Length];
        _decimal = new decimal[columns.Length];
        _converted = new ConvertedEncodings(table, _entity, columns.Length);
    }

    /// <summary>
    /// A reader for <paramref name="table"/>, or null when a column's type (as the database has it now, not only as the
    /// model says) is not one this path reads, or an Npgsql switch changes how timestamps read: the provider path then
    /// reads it.
    /// </summary>
    public static async ValueTask<PostgresCopyReader?> TryCreateAsync(
        DbSession session, BulkInserterFactory copy, EngineDialect dialect, TableMapping table, bool async, CancellationToken cancellationToken)
    {
        if (PostgresCopyValues.NpgsqlSwitchedBehaviour)
        {
            return null;
        }

        var columnList = string.Join(", ", table.Columns.Select(dialect.Column));
        var types = new string[table.Columns.Length];
        await using (var command = session.CreateCommand($"SELECT {columnList} FROM {dialect.Table(table)} LIMIT 0"))
        await using (var schema = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader())
        {
            for (var c = 0; c < types.Length; c++)
            {
                types[c] = schema.GetDataTypeName(c);
            }
        }

        var columns = new ColumnPlan[types.Length];
        for (var c = 0; c < columns.Length; c++)
        {
            if (Plan(table.Columns[c], types[c]) is not { } plan)
            {
                return null;
            }

            columns[c] = plan;
        }

        if (table.KeyColumns.Length == 0)
        {
            return null;
        }

        var stream = await copy.OpenRawCopyAsync(session.Connection, $"COPY {dialect.Table(table)} ({columnList}) TO STDOUT (FORMAT BINARY)", async, cancellationToken)
            .ConfigureAwait(false);
        var reader = new PostgresCopyReader(table, stream, columns);
        try
        {
            await reader.ReadHeaderAsync(async, cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static ColumnPlan? Plan(ColumnMapping column, string dataType)
    {
        var type = PostgresBinaryTypes.Of(dataType);
        var presence = column.Spec.Nullable || column.Spec.Kind is SnapshotValueKind.String or SnapshotValueKind.Binary;
        if (column.Conversion is { } conversion)
        {
            var provider = Nullable.GetUnderlyingType(conversion.ProviderClrType) ?? conversion.ProviderClrType;
            var fits = (type, provider) switch
            {
                (PostgresBinaryType.Text, _) when provider == typeof(string) => true,
                (PostgresBinaryType.Int4, _) when provider == typeof(int) => true,
                (PostgresBinaryType.Int8, _) when provider == typeof(long) => true,
                (PostgresBinaryType.Int2, _) when provider == typeof(short) => true,
                (PostgresBinaryType.Bool, _) when provider == typeof(bool) => true,
                _ => false,
            };
            return fits ? new ColumnPlan(type!.Value, presence, column, Converted: true) : null;
        }

        var matches = (type, column.Spec.Kind) switch
        {
            (PostgresBinaryType.Int2, SnapshotValueKind.Int16) or (PostgresBinaryType.Int4, SnapshotValueKind.Int32) or (PostgresBinaryType.Int8, SnapshotValueKind.Int64)
                or (PostgresBinaryType.Bool, SnapshotValueKind.Boolean) or (PostgresBinaryType.Float4, SnapshotValueKind.Single) or (PostgresBinaryType.Float8, SnapshotValueKind.Double)
                or (PostgresBinaryType.Text, SnapshotValueKind.String) or (PostgresBinaryType.Bytea, SnapshotValueKind.Binary) or (PostgresBinaryType.Numeric, SnapshotValueKind.Decimal)
                or (PostgresBinaryType.Uuid, SnapshotValueKind.Guid) or (PostgresBinaryType.Date, SnapshotValueKind.DateOnly)
                or (PostgresBinaryType.Timestamp, SnapshotValueKind.DateTime) or (PostgresBinaryType.TimestampTz, SnapshotValueKind.DateTime) => true,
            _ => false,
        };
        return matches ? new ColumnPlan(type!.Value, presence, column, Converted: false) : null;
    }

    /// <summary>Reads the next row and appends its encoding to <paramref name="output"/>; false after the last row.</summary>
    public ValueTask<bool> ReadRowAsync(ArrayBufferWriter<byte> output, MemoryPackWriterOptionalState state, bool async, CancellationToken cancellationToken)
    {
        if (!_ended && TryLocateRow() && !_ended && DecodeRow())
        {
            WriteRow(output, state);
            _start = _rowEnd;
            return new ValueTask<bool>(true);
        }

        return ReadRowSlowlyAsync(output, state, async, cancellationToken);
    }

    /// <summary>The row is not (all) in the buffer yet, the data ended, or a value needs Npgsql: the rare cases.</summary>
    private async ValueTask<bool> ReadRowSlowlyAsync(ArrayBufferWriter<byte> output, MemoryPackWriterOptionalState state, bool async, CancellationToken cancellationToken)
    {
        while (!_ended && !TryLocateRow())
        {
            await FillAsync(async, cancellationToken).ConfigureAwait(false);
        }

        if (_ended)
        {
            // Read the stream to its end, so the COPY completes before the next command on the connection.
            while ((async ? await _stream.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false) : _stream.Read(_buffer)) > 0)
            {
            }

            return false;
        }

        if (DecodeRow())
        {
            WriteRow(output, state);
        }
        else
        {
            ReadRowAsNpgsql();
            var writer = new MemoryPackWriter<ArrayBufferWriter<byte>>(ref output, state);
            foreach (var column in _table.Columns)
            {
                _table.Codec.WriteValue(ref writer, _entity, column.PropertyIndex);
            }

            writer.Flush();
        }

        _start = _rowEnd;
        return true;
    }

    /// <summary>
    /// Finds the current row's fields in the buffer; false when the row goes beyond what has been read. The end of the
    /// data (a field count of -1) sets <see cref="_ended"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TryLocateRow()
    {
        var position = _start;
        if (_end - position < 2)
        {
            return false;
        }

        var fields = BinaryPrimitives.ReadInt16BigEndian(_buffer.AsSpan(position));
        position += 2;
        if (fields == -1)
        {
            _ended = true;
            return true;
        }

        if (fields != _columns.Length)
        {
            throw Corrupt($"a row of {fields} fields where the table has {_columns.Length} columns");
        }

        for (var c = 0; c < _columns.Length; c++)
        {
            if (_end - position < 4)
            {
                return false;
            }

            var length = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(position));
            position += 4;
            _fieldStart[c] = position;
            _fieldLength[c] = length;
            if (length > 0)
            {
                if (_end - position < length)
                {
                    return false;
                }

                position += length;
            }
        }

        _rowEnd = position;
        return true;
    }

    /// <summary>Decodes every field of the located row into the scratch arrays; false if any value is not in its fast form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool DecodeRow()
    {
        for (var c = 0; c < _columns.Length; c++)
        {
            var length = _fieldLength[c];
            ref readonly var plan = ref _columns[c];
            if (length < 0)
            {
                // NULL where the property holds null; a non-nullable value type fails on the provider path, as it would.
                if (!plan.Presence)
                {
                    return false;
                }

                continue;
            }

            var field = _buffer.AsSpan(_fieldStart[c], length);
            if (!Decode(plan.Type, field, out _scalar[c], out _decimal[c]))
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Decode(PostgresBinaryType type, ReadOnlySpan<byte> field, out long scalar, out decimal number)
    {
        scalar = 0;
        number = 0;
        switch (type)
        {
            case PostgresBinaryType.Int2:
                return field.Length == 2 && Set(out scalar, BinaryPrimitives.ReadInt16BigEndian(field));
            case PostgresBinaryType.Int4:
                return field.Length == 4 && Set(out scalar, BinaryPrimitives.ReadInt32BigEndian(field));
            case PostgresBinaryType.Int8:
            case PostgresBinaryType.Float8:
                return field.Length == 8 && Set(out scalar, BinaryPrimitives.ReadInt64BigEndian(field));
            case PostgresBinaryType.Float4:
                return field.Length == 4 && Set(out scalar, BinaryPrimitives.ReadInt32BigEndian(field));
            case PostgresBinaryType.Bool:
                return field.Length == 1 && field[0] <= 1 && Set(out scalar, field[0]);
            case PostgresBinaryType.Text:
                // Npgsql decodes text strictly: invalid UTF-8 fails there, so it goes there.
                return EncodedValues.IsPlainUtf8(field) && Set(out scalar, EncodedValues.Utf16Length(field));
            case PostgresBinaryType.Bytea:
                return true;
            case PostgresBinaryType.Uuid:
                return field.Length == 16;
            case PostgresBinaryType.Numeric:
                return TryDecodeNumeric(field, out number);
            case PostgresBinaryType.Date:
                if (field.Length != 4)
                {
                    return false;
                }

                var day = (long)EpochDay + BinaryPrimitives.ReadInt32BigEndian(field);
                return day >= DateOnly.MinValue.DayNumber && day <= DateOnly.MaxValue.DayNumber && Set(out scalar, day);
            case PostgresBinaryType.Timestamp:
            case PostgresBinaryType.TimestampTz:
                if (field.Length != 8)
                {
                    return false;
                }

                // Infinity (long.MinValue, long.MaxValue) and anything beyond DateTime's range fall outside.
                var microseconds = BinaryPrimitives.ReadInt64BigEndian(field);
                if (microseconds < (DateTime.MinValue.Ticks - EpochTicks) / 10 || microseconds > (DateTime.MaxValue.Ticks - EpochTicks) / 10)
                {
                    return false;
                }

                scalar = EpochTicks + (microseconds * 10);
                return true;
            default:
                return false;
        }
    }

    private static bool Set(out long scalar, long value)
    {
        scalar = value;
        return true;
    }

    /// <summary>
    /// A numeric as Npgsql builds its decimal: the base-10000 digits as one integer, scaled to the value's display
    /// scale, with that scale. Only where every step of Npgsql's arithmetic is exact (the digits' integer and the
    /// result fit 96 bits, the scale is at most 28, no digits below the display scale are dropped); NaN, infinities,
    /// and the rest are Npgsql's to convert or refuse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool TryDecodeNumeric(ReadOnlySpan<byte> field, out decimal value)
    {
        value = 0;
        if (field.Length < 8)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadInt16BigEndian(field);
        var weight = BinaryPrimitives.ReadInt16BigEndian(field[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(field[4..]);
        var scale = BinaryPrimitives.ReadInt16BigEndian(field[6..]);
        if (count < 0 || count > 7 || field.Length != 8 + (2 * count) || scale is < 0 or > 28 || (sign != 0 && sign != SignedSign))
        {
            return false;
        }

        // Up to four groups (16 digits) fit 64 bits, the common case; longer values take 128-bit arithmetic.
        ulong small = 0;
        UInt128 wide = 0;
        for (var i = 0; i < count; i++)
        {
            var digit = BinaryPrimitives.ReadInt16BigEndian(field[(8 + (2 * i))..]);
            if (digit is < 0 or > 9999)
            {
                return false;
            }

            if (count <= 4)
            {
                small = (small * 10_000) + (ulong)digit;
            }
            else
            {
                wide = (wide * 10_000) + (ulong)digit;
            }
        }

        UInt128 digits = count <= 4 ? small : wide;
        if (digits > MaxMantissa)
        {
            return false;
        }

        // Npgsql returns zero (any sign) as 0 with the display scale.
        var shift = count == 0 ? 0 : ((weight + 1 - count) * 4) + scale;
        if (shift < 0)
        {
            if (-shift > 4)
            {
                return false;
            }

            var divisor = PowersOfTen[-shift];
            if (count <= 4)
            {
                if (small % divisor != 0)
                {
                    return false;
                }

                digits = small / divisor;
            }
            else
            {
                if (wide % divisor != 0)
                {
                    return false;
                }

                digits = wide / divisor;
            }
        }
        else if (shift > 0)
        {
            // The digits are below 10^(4 * count); scaled up they stay below 10^28 < 2^96 when this holds (else: rare, Npgsql's).
            if (shift >= PowersOfTen.Length || (4 * count) + shift > 28)
            {
                return false;
            }

            digits *= PowersOfTen[shift];
        }

        var low = (ulong)digits;
        value = new decimal((int)(uint)low, (int)(uint)(low >> 32), (int)(uint)(digits >> 64), sign == SignedSign && count > 0, (byte)scale);
        return true;
    }

    /// <summary>Writes the decoded row; every value is in its fast form.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteRow(ArrayBufferWriter<byte> output, MemoryPackWriterOptionalState state)
    {
        var writer = new MemoryPackWriter<ArrayBufferWriter<byte>>(ref output, state);
        for (var c = 0; c < _columns.Length; c++)
        {
            ref readonly var plan = ref _columns[c];
            if (_fieldLength[c] < 0)
            {
                EncodedValues.WriteNull(ref writer);
                continue;
            }

            var scalar = _scalar[c];
            if (plan.Converted)
            {
                WriteConverted(ref writer, plan, c, state);
                continue;
            }

            switch (plan.Type)
            {
                case PostgresBinaryType.Int2:
                    EncodedValues.Write(ref writer, plan.Presence, (short)scalar);
                    break;
                case PostgresBinaryType.Int4:
                    EncodedValues.Write(ref writer, plan.Presence, (int)scalar);
                    break;
                case PostgresBinaryType.Int8:
                    EncodedValues.Write(ref writer, plan.Presence, scalar);
                    break;
                case PostgresBinaryType.Bool:
                    EncodedValues.Write(ref writer, plan.Presence, scalar != 0);
                    break;
                case PostgresBinaryType.Float4:
                    EncodedValues.Write(ref writer, plan.Presence, BitConverter.Int32BitsToSingle((int)scalar));
                    break;
                case PostgresBinaryType.Float8:
                    EncodedValues.Write(ref writer, plan.Presence, BitConverter.Int64BitsToDouble(scalar));
                    break;
                case PostgresBinaryType.Text:
                    EncodedValues.WriteUtf8(ref writer, Field(c), (int)scalar);
                    break;
                case PostgresBinaryType.Bytea:
                    EncodedValues.WriteBytes(ref writer, Field(c));
                    break;
                case PostgresBinaryType.Uuid:
                    EncodedValues.Write(ref writer, plan.Presence, new Guid(Field(c), bigEndian: true));
                    break;
                case PostgresBinaryType.Numeric:
                    EncodedValues.WriteDecimal(ref writer, plan.Presence, _decimal[c]);
                    break;
                case PostgresBinaryType.Date:
                    EncodedValues.Write(ref writer, plan.Presence, DateOnly.FromDayNumber((int)scalar));
                    break;
                case PostgresBinaryType.Timestamp:
                    EncodedValues.WriteDateTime(ref writer, plan.Presence, scalar, DateTimeKind.Unspecified);
                    break;
                case PostgresBinaryType.TimestampTz:
                    EncodedValues.WriteDateTime(ref writer, plan.Presence, scalar, DateTimeKind.Utc);
                    break;
            }
        }

        writer.Flush();
    }

    /// <summary>A value behind a converter: the provider value as Npgsql reads it, through the converter, into the codec.</summary>
    private void WriteConverted(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, in ColumnPlan plan, int c, MemoryPackWriterOptionalState state)
    {
        var field = Field(c);
        if (_converted.TryWriteRemembered(ref writer, c, field))
        {
            return;
        }

        object provider = plan.Type switch
        {
            PostgresBinaryType.Text => Encoding.UTF8.GetString(field),
            PostgresBinaryType.Int4 => (int)_scalar[c],
            PostgresBinaryType.Int8 => _scalar[c],
            PostgresBinaryType.Int2 => (short)_scalar[c],
            _ => _scalar[c] != 0,
        };

        if (!_converted.TryWriteAndRemember(ref writer, state, c, plan.Column, field, provider))
        {
            // The converter refused it: the provider path raises the error with the row's key.
            ThrowConverterFailure(c, provider);
        }
    }

    private void ThrowConverterFailure(int c, object provider)
    {
        var column = _table.Columns[c];
        try
        {
            _table.Codec.SetValue(_entity, column.PropertyIndex, column.Conversion!.FromProviderValue(provider));
        }
        catch (Exception exception) when (SnapshotDumper.IsUnreadableValue(exception))
        {
            throw SnapshotDumper.ReadFailed(_table, column, c > _table.KeyColumns.Max() ? DescribeKey() : "key not read yet", exception);
        }

        throw new SnapshotException($"Reading column '{column.ColumnName}' of table '{_table.DisplayName}' [{DescribeKey()}] failed: its value converter failed once and not again.");
    }

    private ReadOnlySpan<byte> Field(int c) => _buffer.AsSpan(_fieldStart[c], _fieldLength[c]);

    /// <summary>
    /// Decodes the whole current row into the entity as Npgsql would: values in their fast form as the fast path reads
    /// them, the others (<see cref="DecodeAsNpgsql"/>) with Npgsql's results and errors, named by table, key and column.
    /// </summary>
    private void ReadRowAsNpgsql()
    {
        for (var c = 0; c < _columns.Length; c++)
        {
            ref readonly var plan = ref _columns[c];
            var column = plan.Column;
            try
            {
                object? value;
                if (_fieldLength[c] < 0)
                {
                    value = plan.Presence ? null : throw new InvalidCastException($"Column '{column.ColumnName}' is null.");
                }
                else
                {
                    value = Decode(plan.Type, Field(c), out _scalar[c], out _decimal[c]) ? Decoded(c) : DecodeAsNpgsql(plan.Type, Field(c));
                    if (plan.Converted)
                    {
                        value = column.Conversion!.FromProviderValue(value!);
                    }
                }

                _table.Codec.SetValue(_entity, column.PropertyIndex, value);
            }
            catch (Exception exception) when (SnapshotDumper.IsUnreadableValue(exception))
            {
                throw SnapshotDumper.ReadFailed(_table, column, c > _table.KeyColumns.Max() ? DescribeKey() : "key not read yet", exception);
            }
        }
    }

    /// <summary>A value in its fast form, as the CLR value Npgsql gives.</summary>
    private object Decoded(int c)
    {
        var scalar = _scalar[c];
        return _columns[c].Type switch
        {
            PostgresBinaryType.Int2 => (short)scalar,
            PostgresBinaryType.Int4 => (int)scalar,
            PostgresBinaryType.Int8 => scalar,
            PostgresBinaryType.Bool => scalar != 0,
            PostgresBinaryType.Float4 => BitConverter.Int32BitsToSingle((int)scalar),
            PostgresBinaryType.Float8 => BitConverter.Int64BitsToDouble(scalar),
            PostgresBinaryType.Text => Encoding.UTF8.GetString(Field(c)),
            PostgresBinaryType.Bytea => Field(c).ToArray(),
            PostgresBinaryType.Uuid => new Guid(Field(c), bigEndian: true),
            PostgresBinaryType.Numeric => _decimal[c],
            PostgresBinaryType.Date => DateOnly.FromDayNumber((int)scalar),
            PostgresBinaryType.Timestamp => new DateTime(scalar, DateTimeKind.Unspecified),
            _ => new DateTime(scalar, DateTimeKind.Utc),
        };
    }

    /// <summary>
    /// A value outside the fast forms, as Npgsql 10 reads it: text decoded strictly (invalid UTF-8 fails), infinite
    /// dates and timestamps as the extremes of DateOnly and DateTime, others beyond their range refused, numerics through
    /// decimal arithmetic (which rounds or overflows as Npgsql's does), NaN and infinite numerics refused.
    /// </summary>
    private static object DecodeAsNpgsql(PostgresBinaryType type, ReadOnlySpan<byte> field)
    {
        switch (type)
        {
            case PostgresBinaryType.Text:
                return StrictUtf8.GetString(field);
            case PostgresBinaryType.Numeric:
                return NumericAsNpgsql(field);
            case PostgresBinaryType.Date when field.Length == 4:
                var days = BinaryPrimitives.ReadInt32BigEndian(field);
                return days switch
                {
                    int.MaxValue => DateOnly.MaxValue,
                    int.MinValue => DateOnly.MinValue,
                    _ => throw new InvalidCastException("Out of the range of DateOnly."),
                };
            case PostgresBinaryType.Timestamp or PostgresBinaryType.TimestampTz when field.Length == 8:
                // Of unspecified kind, for timestamptz too.
                return BinaryPrimitives.ReadInt64BigEndian(field) switch
                {
                    long.MaxValue => DateTime.MaxValue,
                    long.MinValue => DateTime.MinValue,
                    _ => throw new InvalidCastException("Out of the range of DateTime (year must be between 1 and 9999)."),
                };
            default:
                throw new InvalidCastException($"A {type} value of {field.Length} bytes is not valid.");
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Npgsql's numeric-to-decimal arithmetic: the base-10000 digits summed as a decimal, the last one adjusted to the
    /// display scale (dividing, or growing a scale factor of one at that scale), then multiplied by the factor; so a value
    /// that needs more than a decimal's 96 bits rounds or overflows exactly as there.
    /// </summary>
    internal static decimal NumericAsNpgsql(ReadOnlySpan<byte> field)
    {
        const int GroupDigits = 4;
        const int MaxGroups = 8;
        if (field.Length < 8)
        {
            throw new InvalidCastException("A numeric value shorter than its header is not valid.");
        }

        var count = BinaryPrimitives.ReadInt16BigEndian(field);
        var weight = BinaryPrimitives.ReadInt16BigEndian(field[2..]);
        var sign = BinaryPrimitives.ReadUInt16BigEndian(field[4..]);
        var scale = BinaryPrimitives.ReadInt16BigEndian(field[6..]);
        if (count > MaxGroups || Math.Abs((int)scale) > 28)
        {
            throw new OverflowException("Numeric value does not fit in a System.Decimal");
        }

        var factor = new decimal(1, 0, 0, false, (byte)(scale > 0 ? scale : 0));
        if (count == 0)
        {
            return sign switch
            {
                0 or SignedSign => decimal.Zero * factor,
                0xC000 => throw new InvalidCastException("Numeric NaN not supported by System.Decimal"),
                0xD000 => throw new InvalidCastException("Numeric Infinity not supported by System.Decimal"),
                0xF000 => throw new InvalidCastException("Numeric -Infinity not supported by System.Decimal"),
                _ => throw new InvalidCastException("A numeric with an unknown sign is not valid."),
            };
        }

        var result = decimal.Zero;
        for (var i = 0; i < count - 1; i++)
        {
            result = (result * 10_000) + BinaryPrimitives.ReadInt16BigEndian(field[(8 + (2 * i))..]);
        }

        var digitScale = (weight + 1 - count) * GroupDigits;
        var difference = scale < 0 ? digitScale : digitScale + scale;
        var last = BinaryPrimitives.ReadInt16BigEndian(field[(8 + (2 * (count - 1)))..]);
        if (count == MaxGroups)
        {
            // The last group of the longest values is cut to the scale first, so that a value that fits does not overflow.
            var cut = (uint)PowersOfTen[-difference];
            result = (result * (10_000m / cut)) + new decimal(last / cut);
        }
        else
        {
            result = (result * 10_000) + last;
            for (; difference < 0; difference += Math.Min(9, -difference))
            {
                result /= PowersOfTen[Math.Min(9, -difference)];
            }

            for (; difference > 0; difference -= Math.Min(9, difference))
            {
                factor *= PowersOfTen[Math.Min(9, difference)];
            }
        }

        result *= factor;
        return sign == SignedSign ? -result : result;
    }

    /// <summary>The current row's key, for an error message: each key value that decodes, as the provider path shows it.</summary>
    private string DescribeKey()
    {
        foreach (var k in _table.KeyColumns)
        {
            if (_fieldLength[k] >= 0 && Decode(_columns[k].Type, Field(k), out _scalar[k], out _decimal[k]))
            {
                var value = Decoded(k);
                _table.Codec.SetValue(_entity, _table.Columns[k].PropertyIndex, _columns[k].Converted ? _table.Columns[k].Conversion!.FromProviderValue(value) : value);
            }
        }

        return _table.DescribeKey(_entity);
    }

    private async ValueTask ReadHeaderAsync(bool async, CancellationToken cancellationToken)
    {
        while (_end < Signature.Length + 8)
        {
            await FillAsync(async, cancellationToken).ConfigureAwait(false);
        }

        if (!_buffer.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw Corrupt("no binary COPY signature");
        }

        var extension = BinaryPrimitives.ReadInt32BigEndian(_buffer.AsSpan(Signature.Length + 4));
        while (_end < Signature.Length + 8 + extension)
        {
            await FillAsync(async, cancellationToken).ConfigureAwait(false);
        }

        _start = Signature.Length + 8 + extension;
    }

    /// <summary>Moves the unread bytes to the front, growing the buffer when one row fills it, and reads more.</summary>
    private async ValueTask FillAsync(bool async, CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = async
            ? await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false)
            : _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            throw Corrupt("the data ended before its end marker");
        }

        _end += read;
    }

    private SnapshotException Corrupt(string problem)
        => new($"Reading table '{_table.DisplayName}' through binary COPY failed: {problem}. Dump again; if it persists, report it with the server's version.");

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    /// <param name="Type">The column's binary form.</param>
    /// <param name="Presence">Whether the file has a presence byte before each value (nullable or reference type).</param>
    /// <param name="Column">The column.</param>
    /// <param name="Converted">Whether the value goes through the property's value converter.</param>
    private readonly record struct ColumnPlan(PostgresBinaryType Type, bool Presence, ColumnMapping Column, bool Converted);
}
