using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using MemoryPack;

namespace DbPickle.Infrastructure;

/// <summary>
/// Encodes and decodes single column values in the snapshot format (docs/FORMAT.md). Called by generated row codecs;
/// not meant for application code, and not a stable API.
/// </summary>
/// <remarks>
/// A nullable value (a reference type or <see cref="Nullable{T}"/>) is preceded by one presence byte: 0 for null,
/// 1 for a value. Fixed-size primitives are written little-endian as MemoryPack lays them out; DateTime, DateTimeOffset
/// and decimal get explicit layouts so the format does not depend on the runtime's private struct fields.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ValueCodec
{
    private const byte Null = 0;
    private const byte Present = 1;

    /// <summary>Writes a fixed-size primitive (bool, integers, floating point, char, Guid, DateOnly, TimeOnly, TimeSpan).</summary>
    public static void WritePrimitive<T>(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, T value)
        where T : unmanaged
        => writer.WriteUnmanaged(value);

    /// <summary>Writes a nullable fixed-size primitive.</summary>
    public static void WritePrimitive<T>(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, T? value)
        where T : unmanaged
    {
        if (value is { } present)
        {
            writer.WriteUnmanaged(Present, present);
        }
        else
        {
            writer.WriteUnmanaged(Null);
        }
    }

    /// <summary>Reads a fixed-size primitive.</summary>
    public static T ReadPrimitive<T>(ref MemoryPackReader reader)
        where T : unmanaged
    {
        reader.ReadUnmanaged(out T value);
        return value;
    }

    /// <summary>Reads a nullable fixed-size primitive.</summary>
    public static T? ReadNullablePrimitive<T>(ref MemoryPackReader reader)
        where T : unmanaged
    {
        if (!ReadPresence(ref reader))
        {
            return null;
        }

        reader.ReadUnmanaged(out T value);
        return value;
    }

    /// <summary>Writes a decimal as the four words of <see cref="decimal.GetBits(decimal)"/>.</summary>
    public static void WriteDecimal(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        writer.WriteUnmanaged(bits[0], bits[1], bits[2], bits[3]);
    }

    /// <summary>Writes a nullable decimal.</summary>
    public static void WriteDecimal(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, decimal? value)
    {
        if (WritePresence(ref writer, value.HasValue))
        {
            WriteDecimal(ref writer, value.GetValueOrDefault());
        }
    }

    /// <summary>Reads a decimal.</summary>
    public static decimal ReadDecimal(ref MemoryPackReader reader)
    {
        reader.ReadUnmanaged(out int lo, out int mid, out int hi, out int flags);
        try
        {
            return new decimal([lo, mid, hi, flags]);
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException("invalid decimal value", exception);
        }
    }

    /// <summary>Reads a nullable decimal.</summary>
    public static decimal? ReadNullableDecimal(ref MemoryPackReader reader)
        => ReadPresence(ref reader) ? ReadDecimal(ref reader) : null;

    /// <summary>Writes a DateTime as its ticks and its <see cref="DateTimeKind"/>.</summary>
    public static void WriteDateTime(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, DateTime value)
        => writer.WriteUnmanaged(value.Ticks, (byte)value.Kind);

    /// <summary>Writes a nullable DateTime.</summary>
    public static void WriteDateTime(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, DateTime? value)
    {
        if (WritePresence(ref writer, value.HasValue))
        {
            WriteDateTime(ref writer, value.GetValueOrDefault());
        }
    }

    /// <summary>Reads a DateTime.</summary>
    public static DateTime ReadDateTime(ref MemoryPackReader reader)
    {
        reader.ReadUnmanaged(out long ticks, out byte kind);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || kind > (byte)DateTimeKind.Local)
        {
            throw new InvalidDataException("invalid DateTime value");
        }

        return new DateTime(ticks, (DateTimeKind)kind);
    }

    /// <summary>Reads a nullable DateTime.</summary>
    public static DateTime? ReadNullableDateTime(ref MemoryPackReader reader)
        => ReadPresence(ref reader) ? ReadDateTime(ref reader) : null;

    /// <summary>Writes a DateTimeOffset as the ticks of its clock time and its offset in minutes.</summary>
    public static void WriteDateTimeOffset(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, DateTimeOffset value)
        => writer.WriteUnmanaged(value.Ticks, (short)value.TotalOffsetMinutes);

    /// <summary>Writes a nullable DateTimeOffset.</summary>
    public static void WriteDateTimeOffset(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, DateTimeOffset? value)
    {
        if (WritePresence(ref writer, value.HasValue))
        {
            WriteDateTimeOffset(ref writer, value.GetValueOrDefault());
        }
    }

    /// <summary>Reads a DateTimeOffset.</summary>
    public static DateTimeOffset ReadDateTimeOffset(ref MemoryPackReader reader)
    {
        reader.ReadUnmanaged(out long ticks, out short offsetMinutes);
        try
        {
            return new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsetMinutes));
        }
        catch (ArgumentException exception)
        {
            throw new InvalidDataException("invalid DateTimeOffset value", exception);
        }
    }

    /// <summary>Reads a nullable DateTimeOffset.</summary>
    public static DateTimeOffset? ReadNullableDateTimeOffset(ref MemoryPackReader reader)
        => ReadPresence(ref reader) ? ReadDateTimeOffset(ref reader) : null;

    /// <summary>Writes a string (nullable or not: a presence byte always precedes it).</summary>
    public static void WriteString(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, string? value)
    {
        if (WritePresence(ref writer, value is not null))
        {
            writer.WriteString(value);
        }
    }

    /// <summary>Reads a string.</summary>
    public static string? ReadString(ref MemoryPackReader reader)
        => ReadPresence(ref reader) ? reader.ReadString() ?? throw new InvalidDataException("missing string") : null;

    /// <summary>Writes a byte array (nullable or not: a presence byte always precedes it).</summary>
    public static void WriteBinary(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, byte[]? value)
    {
        if (WritePresence(ref writer, value is not null))
        {
            writer.WriteUnmanagedArray(value);
        }
    }

    /// <summary>Reads a byte array.</summary>
    public static byte[]? ReadBinary(ref MemoryPackReader reader)
        => ReadPresence(ref reader) ? reader.ReadUnmanagedArray<byte>() ?? throw new InvalidDataException("missing binary") : null;

    /// <summary>
    /// Reads one value of any kind as an object: used for columns the model no longer has, for
    /// <see cref="SnapshotRow.Get{T}(string)"/>, and for inspecting files.
    /// </summary>
    public static object? ReadBoxed(ref MemoryPackReader reader, SnapshotValueKind kind, bool nullable)
    {
        if (nullable && !ReadPresence(ref reader))
        {
            return null;
        }

        return kind switch
        {
            SnapshotValueKind.Boolean => ReadPrimitive<bool>(ref reader),
            SnapshotValueKind.Byte => ReadPrimitive<byte>(ref reader),
            SnapshotValueKind.SByte => ReadPrimitive<sbyte>(ref reader),
            SnapshotValueKind.Int16 => ReadPrimitive<short>(ref reader),
            SnapshotValueKind.UInt16 => ReadPrimitive<ushort>(ref reader),
            SnapshotValueKind.Int32 => ReadPrimitive<int>(ref reader),
            SnapshotValueKind.UInt32 => ReadPrimitive<uint>(ref reader),
            SnapshotValueKind.Int64 => ReadPrimitive<long>(ref reader),
            SnapshotValueKind.UInt64 => ReadPrimitive<ulong>(ref reader),
            SnapshotValueKind.Single => ReadPrimitive<float>(ref reader),
            SnapshotValueKind.Double => ReadPrimitive<double>(ref reader),
            SnapshotValueKind.Decimal => ReadDecimal(ref reader),
            SnapshotValueKind.Char => ReadPrimitive<char>(ref reader),
            SnapshotValueKind.String => reader.ReadString() ?? throw new InvalidDataException("missing string"),
            SnapshotValueKind.Binary => reader.ReadUnmanagedArray<byte>() ?? throw new InvalidDataException("missing binary"),
            SnapshotValueKind.Guid => ReadPrimitive<Guid>(ref reader),
            SnapshotValueKind.DateTime => ReadDateTime(ref reader),
            SnapshotValueKind.DateTimeOffset => ReadDateTimeOffset(ref reader),
            SnapshotValueKind.DateOnly => ReadPrimitive<DateOnly>(ref reader),
            SnapshotValueKind.TimeOnly => ReadPrimitive<TimeOnly>(ref reader),
            SnapshotValueKind.TimeSpan => ReadPrimitive<TimeSpan>(ref reader),
            _ => throw new InvalidDataException($"unknown value kind {(byte)kind}"),
        };
    }

    /// <summary>Skips one value of any kind without materialising it.</summary>
    internal static void Skip(ref MemoryPackReader reader, SnapshotValueKind kind, bool nullable) => ReadBoxed(ref reader, kind, nullable);

    private static bool WritePresence(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, bool present)
    {
        writer.WriteUnmanaged(present ? Present : Null);
        return present;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ReadPresence(ref MemoryPackReader reader)
    {
        reader.ReadUnmanaged(out byte presence);
        return presence switch
        {
            Present => true,
            Null => false,
            _ => throw new InvalidDataException($"invalid presence byte {presence}"),
        };
    }
}
