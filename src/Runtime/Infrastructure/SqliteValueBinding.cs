using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace DbPickle.Infrastructure;

/// <summary>
/// The SQLite storage class a column's parameter declares (<c>SqliteParameter.SqliteType</c> after EF Core's type
/// mapping configured it); the numbers are Microsoft.Data.Sqlite's. Used by generated code; not a stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum SqliteStorageClass
{
    /// <summary>INTEGER.</summary>
    Integer = 1,

    /// <summary>REAL.</summary>
    Real = 2,

    /// <summary>TEXT, also what a parameter declares when nothing set its type.</summary>
    Text = 3,

    /// <summary>BLOB.</summary>
    Blob = 4,

    /// <summary>NULL: only a value read from a row has it.</summary>
    Null = 5,
}

/// <summary>
/// Turns a provider value into what SQLite stores, exactly as Microsoft.Data.Sqlite binds a parameter (the same text
/// formats for dates, decimals, GUIDs and time spans), but typed and without allocating, for the generated C-API insert
/// path. A test binds every supported type both ways and compares what SQLite stored.
/// </summary>
internal static class SqliteValueBinding
{
    /// <summary>Longest value formatted as text here (a DateTimeOffset with seven fraction digits is 33 bytes).</summary>
    private const int FormattedMax = 64;

    /// <summary>Strings up to this many UTF-16 units are encoded on the stack.</summary>
    private const int StackStringMax = 256;

    /// <summary>
    /// Whether values of <paramref name="providerType"/> in a column declaring <paramref name="declared"/> are bound here;
    /// otherwise the table goes through Microsoft.Data.Sqlite's own parameters (rare types, dates stored as REAL).
    /// </summary>
    public static bool Supports(Type providerType, SqliteStorageClass declared)
    {
        var type = Nullable.GetUnderlyingType(providerType) ?? providerType;
        if (type.IsEnum)
        {
            return true;
        }

        switch (Type.GetTypeCode(type))
        {
            case TypeCode.Boolean or TypeCode.Char or TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16
                or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double
                or TypeCode.Decimal or TypeCode.String:
                return true;
            case TypeCode.DateTime:
                return declared != SqliteStorageClass.Real;
        }

        if (type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan))
        {
            return declared != SqliteStorageClass.Real;
        }

        return type == typeof(Guid) || type == typeof(byte[]);
    }

    /// <summary>Binds a non-null value of a type <see cref="Supports"/> accepts; boxed values (after a converter) arrive as <see cref="object"/>.</summary>
    /// <typeparam name="T">The value's static type.</typeparam>
    /// <typeparam name="TSink">The generated binder.</typeparam>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Bind<T, TSink>(T value, SqliteStorageClass declared, ref TSink sink)
        where TSink : struct, ISqliteValueSink
    {
        if (typeof(T) == typeof(object))
        {
            BindBoxed(value!, declared, ref sink);
            return;
        }

        switch (Type.GetTypeCode(typeof(T)))
        {
            // Enums arrive here too, as their underlying type's code, and are stored as their number.
            case TypeCode.Boolean:
                sink.BindInt64(Unsafe.As<T, bool>(ref value) ? 1 : 0);
                return;
            case TypeCode.Char:
                BindChar(Unsafe.As<T, char>(ref value), declared, ref sink);
                return;
            case TypeCode.SByte:
                sink.BindInt64(Unsafe.As<T, sbyte>(ref value));
                return;
            case TypeCode.Byte:
                sink.BindInt64(Unsafe.As<T, byte>(ref value));
                return;
            case TypeCode.Int16:
                sink.BindInt64(Unsafe.As<T, short>(ref value));
                return;
            case TypeCode.UInt16:
                sink.BindInt64(Unsafe.As<T, ushort>(ref value));
                return;
            case TypeCode.Int32:
                sink.BindInt64(Unsafe.As<T, int>(ref value));
                return;
            case TypeCode.UInt32:
                sink.BindInt64(Unsafe.As<T, uint>(ref value));
                return;
            case TypeCode.Int64:
                sink.BindInt64(Unsafe.As<T, long>(ref value));
                return;
            case TypeCode.UInt64:
                sink.BindInt64(unchecked((long)Unsafe.As<T, ulong>(ref value)));
                return;
            case TypeCode.Single:
                BindDouble(Unsafe.As<T, float>(ref value), ref sink);
                return;
            case TypeCode.Double:
                BindDouble(Unsafe.As<T, double>(ref value), ref sink);
                return;
            case TypeCode.Decimal:
                BindDecimal(Unsafe.As<T, decimal>(ref value), ref sink);
                return;
            case TypeCode.DateTime:
                BindDateTime(Unsafe.As<T, DateTime>(ref value), offset: null, ref sink);
                return;
            case TypeCode.String:
                BindString(Unsafe.As<T, string>(ref value), ref sink);
                return;
        }

        if (typeof(T) == typeof(DateTimeOffset))
        {
            var offset = Unsafe.As<T, DateTimeOffset>(ref value);
            BindDateTime(offset.DateTime, offset.Offset, ref sink);
        }
        else if (typeof(T) == typeof(DateOnly))
        {
            BindFormatted(Unsafe.As<T, DateOnly>(ref value), @"yyyy\-MM\-dd", ref sink);
        }
        else if (typeof(T) == typeof(TimeOnly))
        {
            var time = Unsafe.As<T, TimeOnly>(ref value);
            BindFormatted(time, time.Ticks % TimeSpan.TicksPerSecond == 0 ? "HH:mm:ss" : "HH:mm:ss.fffffff", ref sink);
        }
        else if (typeof(T) == typeof(TimeSpan))
        {
            BindFormatted(Unsafe.As<T, TimeSpan>(ref value), "c", ref sink);
        }
        else if (typeof(T) == typeof(Guid))
        {
            BindGuid(Unsafe.As<T, Guid>(ref value), declared, ref sink);
        }
        else if (typeof(T) == typeof(byte[]))
        {
            sink.BindBlob(Unsafe.As<T, byte[]>(ref value));
        }
        else
        {
            throw new InvalidOperationException($"SQLite cannot store a value of type {typeof(T)} through DbPickle's insert path.");
        }
    }

    private static void BindBoxed<TSink>(object value, SqliteStorageClass declared, ref TSink sink)
        where TSink : struct, ISqliteValueSink
    {
        var type = value.GetType();
        if (type.IsEnum)
        {
            var code = Type.GetTypeCode(type);
            sink.BindInt64(code == TypeCode.UInt64 ? unchecked((long)Convert.ToUInt64(value, CultureInfo.InvariantCulture)) : Convert.ToInt64(value, CultureInfo.InvariantCulture));
            return;
        }

        switch (value)
        {
            case bool v: Bind(v, declared, ref sink); break;
            case char v: Bind(v, declared, ref sink); break;
            case sbyte v: Bind(v, declared, ref sink); break;
            case byte v: Bind(v, declared, ref sink); break;
            case short v: Bind(v, declared, ref sink); break;
            case ushort v: Bind(v, declared, ref sink); break;
            case int v: Bind(v, declared, ref sink); break;
            case uint v: Bind(v, declared, ref sink); break;
            case long v: Bind(v, declared, ref sink); break;
            case ulong v: Bind(v, declared, ref sink); break;
            case float v: Bind(v, declared, ref sink); break;
            case double v: Bind(v, declared, ref sink); break;
            case decimal v: Bind(v, declared, ref sink); break;
            case DateTime v: Bind(v, declared, ref sink); break;
            case string v: Bind(v, declared, ref sink); break;
            case DateTimeOffset v: Bind(v, declared, ref sink); break;
            case DateOnly v: Bind(v, declared, ref sink); break;
            case TimeOnly v: Bind(v, declared, ref sink); break;
            case TimeSpan v: Bind(v, declared, ref sink); break;
            case Guid v: Bind(v, declared, ref sink); break;
            case byte[] v: Bind(v, declared, ref sink); break;
            default: throw new InvalidOperationException($"SQLite cannot store a value of type {type} through DbPickle's insert path.");
        }
    }

    private static void BindDouble<TSink>(double value, ref TSink sink)
        where TSink : struct, ISqliteValueSink
    {
        // Microsoft.Data.Sqlite refuses NaN too: SQLite would store it as NULL.
        if (double.IsNaN(value))
        {
            throw new InvalidOperationException("Cannot store 'NaN' values.");
        }

        sink.BindDouble(value);
    }

    /// <summary>
    /// Microsoft.Data.Sqlite's format <c>0.0###########################</c> keeps 28 fraction digits, as many as a
    /// decimal has, so it never rounds: it is the plain form with trailing fraction zeros removed and at least one
    /// fraction digit. Written that way because .NET's custom numeric formats are several times slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BindDecimal<TSink>(decimal value, ref TSink sink)
        where TSink : struct, ISqliteValueSink
    {
        Span<byte> utf8 = stackalloc byte[FormattedMax];
        if (value == 0m)
        {
            // Also negative zero, which the custom format writes without its sign.
            sink.BindText("0.0"u8);
            return;
        }

        value.TryFormat(utf8, out var length, default, CultureInfo.InvariantCulture);
        var point = utf8[..length].IndexOf((byte)'.');
        if (point < 0)
        {
            ".0"u8.CopyTo(utf8[length..]);
            length += 2;
        }
        else
        {
            while (length > point + 2 && utf8[length - 1] == (byte)'0')
            {
                length--;
            }
        }

        sink.BindText(utf8[..length]);
    }

    /// <summary>
    /// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, then <c>zzz</c> for an offset: the fraction without trailing zeros, and no
    /// point when it is zero. Written digit by digit because .NET's custom date formats are several times slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BindDateTime<TSink>(DateTime value, TimeSpan? offset, ref TSink sink)
        where TSink : struct, ISqliteValueSink
    {
        Span<byte> utf8 = stackalloc byte[FormattedMax];
        Digits(utf8, value.Year, 4);
        utf8[4] = (byte)'-';
        Digits(utf8[5..], value.Month, 2);
        utf8[7] = (byte)'-';
        Digits(utf8[8..], value.Day, 2);
        utf8[10] = (byte)' ';
        Digits(utf8[11..], value.Hour, 2);
        utf8[13] = (byte)':';
        Digits(utf8[14..], value.Minute, 2);
        utf8[16] = (byte)':';
        Digits(utf8[17..], value.Second, 2);
        var length = 19;
        var fraction = (int)(value.Ticks % TimeSpan.TicksPerSecond);
        if (fraction != 0)
        {
            utf8[length] = (byte)'.';
            Digits(utf8[(length + 1)..], fraction, 7);
            length += 8;
            while (utf8[length - 1] == (byte)'0')
            {
                length--;
            }
        }

        if (offset is { } zone)
        {
            var minutes = (int)zone.TotalMinutes;
            utf8[length] = minutes < 0 ? (byte)'-' : (byte)'+';
            minutes = Math.Abs(minutes);
            Digits(utf8[(length + 1)..], minutes / 60, 2);
            utf8[length + 3] = (byte)':';
            Digits(utf8[(length + 4)..], minutes % 60, 2);
            length += 6;
        }

        sink.BindText(utf8[..length]);
    }

    /// <summary>Writes <paramref name="value"/> as exactly <paramref name="count"/> decimal digits, zero-padded.</summary>
    private static void Digits(Span<byte> destination, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    private static void BindChar<TSink>(char value, SqliteStorageClass declared, ref TSink sink)
        where TSink : struct, ISqliteValueSink
    {
        if (declared == SqliteStorageClass.Integer)
        {
            sink.BindInt64(value);
            return;
        }

        Span<byte> utf8 = stackalloc byte[4];
        var length = Encoding.UTF8.GetBytes(new ReadOnlySpan<char>(in value), utf8);
        sink.BindText(utf8[..length]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BindGuid<TSink>(Guid value, SqliteStorageClass declared, ref TSink sink)
        where TSink : struct, ISqliteValueSink
    {
        Span<byte> bytes = stackalloc byte[36];
        if (declared == SqliteStorageClass.Blob)
        {
            // Guid.ToByteArray's layout: the first three fields little-endian.
            value.TryWriteBytes(bytes[..16]);
            sink.BindBlob(bytes[..16]);
            return;
        }

        value.TryFormat(bytes, out var length, "D");
        foreach (ref var b in bytes[..length])
        {
            if (b is >= (byte)'a' and <= (byte)'f')
            {
                b = (byte)(b - ('a' - 'A'));
            }
        }

        sink.BindText(bytes[..length]);
    }

    private static void BindFormatted<TValue, TSink>(TValue value, string format, ref TSink sink)
        where TValue : IUtf8SpanFormattable
        where TSink : struct, ISqliteValueSink
    {
        Span<byte> utf8 = stackalloc byte[FormattedMax];
        if (!value.TryFormat(utf8, out var length, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"Formatting a {typeof(TValue).Name} for SQLite needed more than {FormattedMax} bytes.");
        }

        sink.BindText(utf8[..length]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BindString<TSink>(string value, ref TSink sink)
        where TSink : struct, ISqliteValueSink
    {
        if (value.Length <= StackStringMax)
        {
            Span<byte> utf8 = stackalloc byte[StackStringMax * 3];
            sink.BindText(utf8[..Encoding.UTF8.GetBytes(value, utf8)]);
            return;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            sink.BindText(rented.AsSpan(0, Encoding.UTF8.GetBytes(value, rented)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
