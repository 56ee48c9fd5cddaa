using System.Buffers;
using DbPickle.Model;
using MemoryPack;

namespace DbPickle.Dumping;

/// <summary>
/// For the direct dump readers: each converted column's encodings, remembered per distinct stored value. Converted
/// columns are mostly enums stored by name, with few distinct values; a value converter is a pure function of its input
/// (EF Core caches converters on the same assumption), so equal stored bytes encode equally, and the converter and the
/// codec run once per distinct value instead of once per row. Short values only, and a bounded number per column.
/// </summary>
internal sealed class ConvertedEncodings(TableMapping table, object entity, int columns)
{
    private const int MaxKeyLength = 64;
    private const int MaxValuesPerColumn = 1024;

    private readonly Dictionary<ulong, Entry>?[] _remembered = new Dictionary<ulong, Entry>?[columns];
    private ArrayBufferWriter<byte>? _scratch;

    /// <summary>Writes column <paramref name="c"/>'s encoding for the stored bytes <paramref name="key"/> if it was seen before.</summary>
    public bool TryWriteRemembered(ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, int c, scoped ReadOnlySpan<byte> key)
    {
        if (key.Length > MaxKeyLength || _remembered[c] is not { } remembered
            || !remembered.TryGetValue(System.IO.Hashing.XxHash3.HashToUInt64(key), out var entry) || !key.SequenceEqual(entry.Key))
        {
            return false;
        }

        EncodedValues.WriteRaw(ref writer, entry.Encoded);
        return true;
    }

    /// <summary>
    /// Converts <paramref name="providerValue"/> (what the provider reads for <paramref name="key"/>), writes its
    /// encoding and remembers it; false, with nothing written, if the converter refuses it.
    /// </summary>
    public bool TryWriteAndRemember(
        ref MemoryPackWriter<ArrayBufferWriter<byte>> writer, MemoryPackWriterOptionalState state, int c, ColumnMapping column, scoped ReadOnlySpan<byte> key, object providerValue)
    {
        var scratch = _scratch ??= new ArrayBufferWriter<byte>(64);
        scratch.ResetWrittenCount();
        var encoder = new MemoryPackWriter<ArrayBufferWriter<byte>>(ref scratch, state);
        if (!EncodedValues.TryWriteConverted(ref encoder, table, entity, column, providerValue))
        {
            return false;
        }

        encoder.Flush();
        EncodedValues.WriteRaw(ref writer, scratch.WrittenSpan);
        var remembered = _remembered[c] ??= [];
        if (key.Length <= MaxKeyLength && remembered.Count < MaxValuesPerColumn)
        {
            remembered[System.IO.Hashing.XxHash3.HashToUInt64(key)] = new Entry(key.ToArray(), scratch.WrittenSpan.ToArray());
        }

        return true;
    }

    /// <param name="Key">The value as stored.</param>
    /// <param name="Encoded">What the codec wrote for it, after the converter.</param>
    private readonly record struct Entry(byte[] Key, byte[] Encoded);
}
