using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using DbPickle.Model;

namespace DbPickle.Engines;

/// <summary>
/// Writes values in PostgreSQL's binary COPY format, as Npgsql 10's binary importer writes them (the same infinity
/// mapping of DateTime and DateOnly extremes, the same microsecond truncation, a numeric's display scale taken from the
/// decimal's scale, strict UTF-8), so rows can be encoded on one thread and sent on another. A test loads the same rows
/// both ways and compares what PostgreSQL stored, as text.
/// </summary>
internal static class PostgresCopyValues
{
    /// <summary>Ticks of 2000-01-01, PostgreSQL's epoch for dates and timestamps.</summary>
    private const long EpochTicks = 630_822_816_000_000_000;

    private static readonly int EpochDayNumber = new DateOnly(2000, 1, 1).DayNumber;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file header of a binary COPY: signature, no flags, no header extension.</summary>
    public static ReadOnlySpan<byte> Header => [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>The end marker: a field count of -1.</summary>
    public static ReadOnlySpan<byte> Trailer => [0xFF, 0xFF];

    /// <summary>
    /// How <paramref name="column"/>'s values are written, or null when this path does not write them (the table then
    /// goes through Npgsql's importer): the store type has a binary form written here and the value's type is one Npgsql
    /// maps to it.
    /// </summary>
    public static PostgresBinaryType? KindOf(ColumnMapping column)
    {
        var provider = column.Conversion?.ProviderClrType ?? column.Property.ClrType;
        provider = Nullable.GetUnderlyingType(provider) ?? provider;
        if (provider.IsEnum)
        {
            provider = Enum.GetUnderlyingType(provider);
        }

        return PostgresBinaryTypes.Of(column.TypeMapping.StoreTypeNameBase) is { } type && Writes(type, provider) ? type : null;
    }

    /// <summary>Whether values of <paramref name="provider"/> are written to columns of <paramref name="type"/> here (the pairs Npgsql maps).</summary>
    private static bool Writes(PostgresBinaryType type, Type provider)
        => (type, Type.GetTypeCode(provider)) switch
        {
            (PostgresBinaryType.Int2, TypeCode.Int16 or TypeCode.Byte) or (PostgresBinaryType.Int4, TypeCode.Int32) or (PostgresBinaryType.Int8, TypeCode.Int64)
                or (PostgresBinaryType.Bool, TypeCode.Boolean) or (PostgresBinaryType.Float4, TypeCode.Single) or (PostgresBinaryType.Float8, TypeCode.Double)
                or (PostgresBinaryType.Text, TypeCode.String) or (PostgresBinaryType.Numeric, TypeCode.Decimal)
                or (PostgresBinaryType.Timestamp or PostgresBinaryType.TimestampTz, TypeCode.DateTime) => true,
            (PostgresBinaryType.TimestampTz, _) => provider == typeof(DateTimeOffset),
            (PostgresBinaryType.Bytea, _) => provider == typeof(byte[]),
            (PostgresBinaryType.Uuid, _) => provider == typeof(Guid),
            (PostgresBinaryType.Date, _) => provider == typeof(DateOnly),
            _ => false,
        };

    /// <summary>
    /// Whether Npgsql is switched to behaviour the binary COPY paths do not reproduce (legacy timestamps, or extremes
    /// as dates rather than infinity); then every table is read and written through Npgsql's own types.
    /// </summary>
    public static bool NpgsqlSwitchedBehaviour
        => (AppContext.TryGetSwitch("Npgsql.EnableLegacyTimestampBehavior", out var legacy) && legacy)
            || (AppContext.TryGetSwitch("Npgsql.DisableDateTimeInfinityConversions", out var noInfinity) && noInfinity);

    public static void WriteNull(PreparedRows rows) => BinaryPrimitives.WriteInt32BigEndian(rows.Reserve(4), -1);

    /// <summary>Writes a non-null value of the type <see cref="KindOf"/> planned for <paramref name="kind"/>; boxed values (after a converter) arrive as <see cref="object"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write<T>(T value, PostgresBinaryType kind, PreparedRows rows)
    {
        if (typeof(T) == typeof(object))
        {
            WriteBoxed(value!, kind, rows);
            return;
        }

        // Enums arrive as their underlying type's code.
        switch (Type.GetTypeCode(typeof(T)))
        {
            case TypeCode.Boolean:
                var flag = rows.Reserve(5);
                BinaryPrimitives.WriteInt32BigEndian(flag, 1);
                flag[4] = Unsafe.As<T, bool>(ref value) ? (byte)1 : (byte)0;
                return;
            case TypeCode.Byte:
                WriteInt16(Unsafe.As<T, byte>(ref value), rows);
                return;
            case TypeCode.Int16:
                WriteInt16(Unsafe.As<T, short>(ref value), rows);
                return;
            case TypeCode.Int32:
                var int4 = rows.Reserve(8);
                BinaryPrimitives.WriteInt32BigEndian(int4, 4);
                BinaryPrimitives.WriteInt32BigEndian(int4[4..], Unsafe.As<T, int>(ref value));
                return;
            case TypeCode.Int64:
                WriteInt64(Unsafe.As<T, long>(ref value), rows);
                return;
            case TypeCode.Single:
                var float4 = rows.Reserve(8);
                BinaryPrimitives.WriteInt32BigEndian(float4, 4);
                BinaryPrimitives.WriteSingleBigEndian(float4[4..], Unsafe.As<T, float>(ref value));
                return;
            case TypeCode.Double:
                var float8 = rows.Reserve(12);
                BinaryPrimitives.WriteInt32BigEndian(float8, 8);
                BinaryPrimitives.WriteDoubleBigEndian(float8[4..], Unsafe.As<T, double>(ref value));
                return;
            case TypeCode.Decimal:
                WriteNumeric(Unsafe.As<T, decimal>(ref value), rows);
                return;
            case TypeCode.DateTime:
                WriteTimestamp(Unsafe.As<T, DateTime>(ref value), kind, rows);
                return;
            case TypeCode.String:
                WriteText(Unsafe.As<T, string>(ref value), rows);
                return;
        }

        if (typeof(T) == typeof(Guid))
        {
            var uuid = rows.Reserve(20);
            BinaryPrimitives.WriteInt32BigEndian(uuid, 16);
            Unsafe.As<T, Guid>(ref value).TryWriteBytes(uuid[4..], bigEndian: true, out _);
        }
        else if (typeof(T) == typeof(DateOnly))
        {
            var date = Unsafe.As<T, DateOnly>(ref value);
            var days = rows.Reserve(8);
            BinaryPrimitives.WriteInt32BigEndian(days, 4);
            BinaryPrimitives.WriteInt32BigEndian(days[4..], date == DateOnly.MaxValue ? int.MaxValue : date == DateOnly.MinValue ? int.MinValue : date.DayNumber - EpochDayNumber);
        }
        else if (typeof(T) == typeof(DateTimeOffset))
        {
            var offset = Unsafe.As<T, DateTimeOffset>(ref value);
            if (offset.Offset != TimeSpan.Zero)
            {
                throw new ArgumentException(
                    $"Cannot write DateTimeOffset with Offset={offset.Offset} to PostgreSQL type 'timestamp with time zone', only offset 0 (UTC) is supported.");
            }

            WriteTimestamp(offset.UtcDateTime, PostgresBinaryType.TimestampTz, rows);
        }
        else if (typeof(T) == typeof(byte[]))
        {
            var bytes = Unsafe.As<T, byte[]>(ref value);
            var field = rows.Reserve(4 + bytes.Length);
            BinaryPrimitives.WriteInt32BigEndian(field, bytes.Length);
            bytes.CopyTo(field[4..]);
        }
        else
        {
            throw new InvalidOperationException($"DbPickle's binary COPY does not write values of type {typeof(T)}.");
        }
    }

    private static void WriteBoxed(object value, PostgresBinaryType kind, PreparedRows rows)
    {
        switch (value)
        {
            case string v: Write(v, kind, rows); break;
            case int v: Write(v, kind, rows); break;
            case long v: Write(v, kind, rows); break;
            case short v: Write(v, kind, rows); break;
            case byte v: Write(v, kind, rows); break;
            case bool v: Write(v, kind, rows); break;
            case float v: Write(v, kind, rows); break;
            case double v: Write(v, kind, rows); break;
            case decimal v: Write(v, kind, rows); break;
            case DateTime v: Write(v, kind, rows); break;
            case DateTimeOffset v: Write(v, kind, rows); break;
            case DateOnly v: Write(v, kind, rows); break;
            case Guid v: Write(v, kind, rows); break;
            case byte[] v: Write(v, kind, rows); break;
            case Enum:
                switch (Type.GetTypeCode(value.GetType()))
                {
                    case TypeCode.Int16: Write((short)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), kind, rows); break;
                    case TypeCode.Byte: Write((byte)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), kind, rows); break;
                    case TypeCode.Int32: Write((int)Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), kind, rows); break;
                    case TypeCode.Int64: Write(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), kind, rows); break;
                    default: throw new InvalidOperationException($"DbPickle's binary COPY does not write values of type {value.GetType()}.");
                }

                break;
            default:
                throw new InvalidOperationException($"DbPickle's binary COPY does not write values of type {value.GetType()}.");
        }
    }

    private static void WriteInt16(short value, PreparedRows rows)
    {
        var field = rows.Reserve(6);
        BinaryPrimitives.WriteInt32BigEndian(field, 2);
        BinaryPrimitives.WriteInt16BigEndian(field[4..], value);
    }

    private static void WriteInt64(long value, PreparedRows rows)
    {
        var field = rows.Reserve(12);
        BinaryPrimitives.WriteInt32BigEndian(field, 8);
        BinaryPrimitives.WriteInt64BigEndian(field[4..], value);
    }

    /// <summary>
    /// Npgsql's rules: the extremes are infinity; <c>timestamp with time zone</c> takes UTC values only and
    /// <c>timestamp without time zone</c> no UTC ones (the pre-flight checks report both before anything is written);
    /// ticks below a microsecond are cut, toward 2000-01-01.
    /// </summary>
    private static void WriteTimestamp(DateTime value, PostgresBinaryType kind, PreparedRows rows)
    {
        long microseconds;
        if (value == DateTime.MaxValue)
        {
            microseconds = long.MaxValue;
        }
        else if (value == DateTime.MinValue)
        {
            microseconds = long.MinValue;
        }
        else
        {
            if (kind == PostgresBinaryType.TimestampTz ? value.Kind != DateTimeKind.Utc : value.Kind == DateTimeKind.Utc)
            {
                throw new ArgumentException(kind == PostgresBinaryType.TimestampTz
                    ? $"Cannot write DateTime with Kind={value.Kind} to PostgreSQL type 'timestamp with time zone', only UTC is supported."
                    : "Cannot write DateTime with Kind=UTC to PostgreSQL type 'timestamp without time zone'.");
            }

            microseconds = (value.Ticks - EpochTicks) / 10;
        }

        WriteInt64(microseconds, rows);
    }

    /// <summary>Text as UTF-8, refusing what is not valid UTF-16 (a lone surrogate), as Npgsql does.</summary>
    private static void WriteText(string value, PreparedRows rows)
    {
        var length = value.Length < 1024 ? value.Length * 3 : StrictUtf8.GetByteCount(value);
        var field = rows.Reserve(4 + length);
        var written = StrictUtf8.GetBytes(value, field[4..]);
        BinaryPrimitives.WriteInt32BigEndian(field, written);
        rows.Unreserve(length - written);
    }

    /// <summary>
    /// A numeric from a decimal: its 96-bit mantissa in base-10000 groups around the decimal point, the display scale
    /// being the decimal's own scale (so 1.50 stays 1.50 in an unconstrained column, as Npgsql writes it).
    /// </summary>
    private static void WriteNumeric(decimal value, PreparedRows rows)
    {
        Span<uint> bits = stackalloc uint[4];
        decimal.GetBits(value, MemoryMarshal.Cast<uint, int>(bits));
        var scale = (int)((bits[3] >> 16) & 0xFF);
        var negative = (bits[3] & 0x8000_0000) != 0;
        var mantissa = new UInt128(bits[2], ((ulong)bits[1] << 32) | bits[0]);

        // Align the fraction to whole groups of four digits.
        var padding = (4 - (scale % 4)) % 4;
        for (var i = 0; i < padding; i++)
        {
            mantissa *= 10;
        }

        var fractionGroups = (scale + padding) / 4;
        Span<short> groups = stackalloc short[10];
        var count = 0;
        while (mantissa != 0)
        {
            var (quotient, remainder) = UInt128.DivRem(mantissa, 10_000);
            groups[count++] = (short)(ulong)remainder;
            mantissa = quotient;
        }

        // groups holds the least significant group first; trailing zero groups of the fraction are not sent.
        var skip = 0;
        while (skip < count && groups[skip] == 0)
        {
            skip++;
        }

        var digits = count - skip;
        var weight = digits == 0 ? 0 : count - 1 - fractionGroups;
        var field = rows.Reserve(4 + 8 + (2 * digits));
        BinaryPrimitives.WriteInt32BigEndian(field, 8 + (2 * digits));
        BinaryPrimitives.WriteInt16BigEndian(field[4..], (short)digits);
        BinaryPrimitives.WriteInt16BigEndian(field[6..], (short)weight);
        BinaryPrimitives.WriteUInt16BigEndian(field[8..], digits != 0 && negative ? (ushort)0x4000 : (ushort)0);
        BinaryPrimitives.WriteInt16BigEndian(field[10..], (short)scale);
        for (var i = 0; i < digits; i++)
        {
            BinaryPrimitives.WriteInt16BigEndian(field[(12 + (2 * i))..], groups[count - 1 - i]);
        }
    }
}
