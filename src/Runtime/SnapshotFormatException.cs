namespace DbPickle;

/// <summary>The snapshot file is not one DbPickle can read: wrong magic, unknown version, bad checksum or truncated.</summary>
public sealed class SnapshotFormatException : SnapshotException
{
    /// <summary>Creates the exception.</summary>
    public SnapshotFormatException(string message, long byteOffset, string? table = null, Exception? innerException = null)
        : base(Describe(message, byteOffset, table), innerException)
    {
        ByteOffset = byteOffset;
        Table = table;
    }

    /// <summary>Offset in the file where the problem was found.</summary>
    public long ByteOffset { get; }

    /// <summary>The table whose data was being read, when the problem lies in a table's rows.</summary>
    public string? Table { get; }

    private static string Describe(string message, long byteOffset, string? table)
        => table is null
            ? $"{message} (at byte {byteOffset}). The file is damaged or not a DbPickle snapshot; dump the database again."
            : $"{message} (table '{table}', at byte {byteOffset}). The file is damaged; dump the database again.";
}
