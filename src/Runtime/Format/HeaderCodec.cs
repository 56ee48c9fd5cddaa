using System.Buffers;
using System.IO.Hashing;
using DbPickle.Infrastructure;
using MemoryPack;

namespace DbPickle.Format;

/// <summary>Encodes and decodes the file header (docs/FORMAT.md, "Header").</summary>
internal static class HeaderCodec
{
    public static byte[] Encode(SnapshotHeader header)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using var state = MemoryPackWriterOptionalStatePool.Rent(MemoryPackSerializerOptions.Utf8);
        var writer = new MemoryPackWriter<ArrayBufferWriter<byte>>(ref buffer, state);
        writer.WriteString(header.Producer);
        writer.WriteString(header.SourceEngine);
        writer.WriteString(header.ContextType);
        writer.WriteUnmanaged(header.CreatedUtc.Ticks, header.SchemaFingerprint, header.Tables.Count);
        foreach (var table in header.Tables)
        {
            writer.WriteString(table.EntityType);
            writer.WriteString(table.Table);
            ValueCodec.WriteString(ref writer, table.Schema);
            writer.WriteUnmanaged(table.RowCount, table.Columns.Count);
            foreach (var column in table.Columns)
            {
                writer.WriteString(column.Property);
                writer.WriteString(column.Column);
                writer.WriteUnmanaged((byte)column.Kind, column.Nullable, column.IsKey);
                writer.WriteString(column.StoreType);
            }
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static SnapshotHeader Decode(ReadOnlySpan<byte> bytes, int formatVersion)
    {
        using var state = MemoryPackReaderOptionalStatePool.Rent(MemoryPackSerializerOptions.Utf8);
        var reader = new MemoryPackReader(bytes, state);
        var producer = RequiredString(ref reader);
        var engine = RequiredString(ref reader);
        var context = RequiredString(ref reader);
        reader.ReadUnmanaged(out long createdTicks, out ulong fingerprint, out int tableCount);
        CheckCount(tableCount, bytes.Length);
        var tables = new SnapshotTableInfo[tableCount];
        for (var t = 0; t < tableCount; t++)
        {
            var entity = RequiredString(ref reader);
            var name = RequiredString(ref reader);
            var schema = ValueCodec.ReadString(ref reader);
            reader.ReadUnmanaged(out long rowCount, out int columnCount);
            CheckCount(columnCount, bytes.Length);
            var columns = new SnapshotColumnInfo[columnCount];
            for (var c = 0; c < columnCount; c++)
            {
                var property = RequiredString(ref reader);
                var column = RequiredString(ref reader);
                reader.ReadUnmanaged(out byte kind, out bool nullable, out bool isKey);
                if (!Enum.IsDefined((SnapshotValueKind)kind))
                {
                    throw new InvalidDataException($"unknown value kind {kind} for column '{column}' of table '{name}'");
                }

                var storeType = RequiredString(ref reader);
                columns[c] = new SnapshotColumnInfo(property, column, (SnapshotValueKind)kind, nullable, storeType, isKey);
            }

            tables[t] = new SnapshotTableInfo(entity, name, schema, rowCount, columns);
        }

        if (reader.Remaining != 0)
        {
            throw new InvalidDataException("unexpected bytes after the header");
        }

        return new SnapshotHeader(formatVersion, producer, engine, context, new DateTime(createdTicks, DateTimeKind.Utc), fingerprint, tables);
    }

    /// <summary>
    /// Hash of what decides the row layout (entities, properties, kinds, nullability), not of physical names: a file
    /// dumped from PostgreSQL with snake_case names has the fingerprint of the same model on SQLite.
    /// </summary>
    public static ulong Fingerprint(IEnumerable<SnapshotTableInfo> tables)
    {
        var hash = new XxHash64();
        Span<byte> one = stackalloc byte[2];
        foreach (var table in tables)
        {
            hash.Append(System.Text.Encoding.UTF8.GetBytes(table.EntityType));
            foreach (var column in table.Columns)
            {
                hash.Append(System.Text.Encoding.UTF8.GetBytes(column.Property));
                one[0] = (byte)column.Kind;
                one[1] = column.Nullable ? (byte)1 : (byte)0;
                hash.Append(one);
            }
        }

        return hash.GetCurrentHashAsUInt64();
    }

    private static string RequiredString(ref MemoryPackReader reader)
        => reader.ReadString() ?? throw new InvalidDataException("missing name in header");

    private static void CheckCount(int count, int headerLength)
    {
        if (count < 0 || count > headerLength)
        {
            throw new InvalidDataException($"invalid count {count} in header");
        }
    }
}
