using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using MemoryPack;

namespace DbPickle.Dumping;

/// <summary>
/// Writes single values in the snapshot format (docs/FORMAT.md) from what an engine sends, without an entity: the
/// bytes <see cref="Infrastructure.ValueCodec"/> writes for the same values, which the readers' tests compare.
/// </summary>
internal static class EncodedValues
{
    private const byte Present = 1;
    private const byte Absent = 0;

    /// <summary>A null value: its presence byte alone.</summary>
    public static void WriteNull(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer) => writer.WriteUnmanaged(Absent);

    /// <summary>A fixed-size value, after a presence byte when the column has them (nullable or reference type).</summary>
    public static void Write<T>(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, bool presence, T value)
        where T : unmanaged
    {
        if (presence)
        {
            writer.WriteUnmanaged(Present, value);
        }
        else
        {
            writer.WriteUnmanaged(value);
        }
    }

    public static void WriteDateTime(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, bool presence, long ticks, DateTimeKind kind)
    {
        if (presence)
        {
            writer.WriteUnmanaged(Present);
        }

        writer.WriteUnmanaged(ticks, (byte)kind);
    }

    public static void WriteDecimal(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, bool presence, decimal value)
    {
        if (presence)
        {
            writer.WriteUnmanaged(Present);
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        writer.WriteUnmanaged(bits[0], bits[1], bits[2], bits[3]);
    }

    /// <summary>
    /// A string from valid UTF-8 (see <see cref="IsPlainUtf8"/>), as MemoryPack writes it in UTF-8 mode after the
    /// presence byte: an empty one as a zero length, any other as the complement of its UTF-8 length, its UTF-16
    /// length and the bytes.
    /// </summary>
    public static void WriteUtf8(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, ReadOnlySpan<byte> utf8, int utf16Length)
    {
        if (utf8.IsEmpty)
        {
            writer.WriteUnmanaged(Present, 0);
            return;
        }

        writer.WriteUnmanaged(Present, ~utf8.Length, utf16Length);
        CopyBytes(ref writer, utf8);
    }

    /// <summary>A byte array after its presence byte: its length, then the bytes.</summary>
    public static void WriteBytes(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, ReadOnlySpan<byte> bytes)
    {
        writer.WriteUnmanaged(Present, bytes.Length);
        CopyBytes(ref writer, bytes);
    }

    /// <summary>
    /// Runs a property's value converter on a provider value (not null) and encodes the result through the codec, as the
    /// provider path does; false, with nothing written, if the converter throws, so that path reports it.
    /// </summary>
    public static bool TryWriteConverted(
        ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, Model.TableMapping table, object entity, Model.ColumnMapping column, object providerValue)
    {
        try
        {
            table.Codec.SetValue(entity, column.PropertyIndex, column.Conversion!.FromProviderValue(providerValue));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return false;
        }

        table.Codec.WriteValue(ref writer, entity, column.PropertyIndex);
        return true;
    }

    /// <summary>Valid UTF-8 without a zero byte (which some readers take for the end of the text): decoding it is unambiguous.</summary>
    public static bool IsPlainUtf8(ReadOnlySpan<byte> utf8) => !utf8.Contains((byte)0) && System.Text.Unicode.Utf8.IsValid(utf8);

    /// <summary>The UTF-16 length of valid UTF-8.</summary>
    public static int Utf16Length(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetCharCount(utf8);

    /// <summary>Bytes already in the snapshot format (a value encoded earlier), as they are.</summary>
    public static void WriteRaw(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, ReadOnlySpan<byte> encoded) => CopyBytes(ref writer, encoded);

    private static void CopyBytes(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        bytes.CopyTo(MemoryMarshal.CreateSpan(ref writer.GetSpanReference(bytes.Length), bytes.Length));
        writer.Advance(bytes.Length);
    }
}
