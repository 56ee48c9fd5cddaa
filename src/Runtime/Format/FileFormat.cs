namespace DbPickle.Format;

/// <summary>Constants of snapshot format v1; docs/FORMAT.md is the specification.</summary>
internal static class FileFormat
{
    public const int Version = 1;

    /// <summary>"DBPICKLE": first eight bytes of every snapshot file.</summary>
    public static ReadOnlySpan<byte> Magic => "DBPICKLE"u8;

    /// <summary>"DBPKEND!": last eight bytes, after the trailer; a file without it was cut short.</summary>
    public static ReadOnlySpan<byte> EndMagic => "DBPKEND!"u8;

    /// <summary>Magic, version (u16), flags (u16), header length (u32).</summary>
    public const int PreambleSize = 16;

    /// <summary>Kind (u8), table index (u32), row count (u32), payload length (u32).</summary>
    public const int ChunkHeaderSize = 13;

    public const int ChecksumSize = 8;

    /// <summary>Largest header or chunk payload a reader accepts, so a corrupt length cannot make it allocate gigabytes.</summary>
    public const int MaxPayloadSize = 256 * 1024 * 1024;

    public const uint NoTable = uint.MaxValue;
}

/// <summary>What a chunk holds.</summary>
internal enum ChunkKind : byte
{
    Rows = 1,
    Trailer = 2,
}
