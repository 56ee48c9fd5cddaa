using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DbPickle.Loading;

/// <summary>
/// A temporary file of sorted <see cref="KeyEntry"/> runs that no longer fit the in-memory buffers: what keeps a
/// load's key checks within a fixed amount of memory whatever the number of rows. Deleted when closed.
/// </summary>
internal sealed class KeyRunFile : IDisposable
{
    private readonly string? _directory;
    private FileStream? _stream;
    private long _length;

    public KeyRunFile(string? directory) => _directory = directory;

    /// <summary>Appends a sorted run; returns where it starts.</summary>
    public long Write(ReadOnlySpan<KeyEntry> run)
    {
        _stream ??= Infrastructure.PrivateFile.Create(
            Path.Combine(_directory ?? Path.GetTempPath(), $"dbpickle-{Guid.NewGuid():N}.keys"),
            FileAccess.ReadWrite,
            FileShare.None,
            1,
            FileOptions.DeleteOnClose);
        var start = _length;
        var bytes = MemoryMarshal.AsBytes(run);
        RandomAccess.Write(Handle, bytes, start);
        _length += bytes.Length;
        return start;
    }

    /// <summary>Reads entries from <paramref name="offset"/> into <paramref name="destination"/>, which the caller sized to what is left.</summary>
    public void Read(long offset, Span<KeyEntry> destination)
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        var done = 0;
        while (done < bytes.Length)
        {
            var read = RandomAccess.Read(Handle, bytes[done..], offset + done);
            if (read == 0)
            {
                throw new EndOfStreamException("The key run file ended early.");
            }

            done += read;
        }
    }

    private SafeFileHandle Handle => _stream!.SafeFileHandle;

    public void Dispose() => _stream?.Dispose();
}
