using DbPickle.Format;

namespace DbPickle;

/// <summary>Inspects snapshot files without a DbContext.</summary>
public static class SnapshotFile
{
    /// <summary>
    /// Reads the header of a snapshot file: source engine, creation time, tables, columns and row counts. Reads only the
    /// first bytes of the stream and leaves it positioned after the header.
    /// </summary>
    /// <exception cref="SnapshotFormatException">The stream is not a snapshot, or its header is damaged.</exception>
    public static SnapshotHeader ReadHeader(Stream source)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var reader = SnapshotFileReader.OpenAsync(source, async: false, CancellationToken.None).GetAwaiter().GetResult();
        return reader.Header;
    }

    /// <summary>Reads the header of the snapshot file at <paramref name="path"/>.</summary>
    public static SnapshotHeader ReadHeader(string path)
    {
        using var stream = File.OpenRead(path);
        return ReadHeader(stream);
    }
}
