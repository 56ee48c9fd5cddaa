using System.Buffers;
using DbPickle.Format;

namespace DbPickle.Dumping;

/// <summary>
/// Writes a dump's row chunks behind the reading: while one chunk is checksummed and written to the file on the thread
/// pool, the next is read and encoded into a second buffer. The database's rows arrive without waiting for the file,
/// and memory stays at two chunks. Writes stay in order: a chunk starts only after the previous one is written.
/// </summary>
internal sealed class ChunkWriteBehind
{
    private readonly SnapshotFileWriter _file;
    private ArrayBufferWriter<byte> _spare;
    private Task? _pending;

    public ChunkWriteBehind(SnapshotFileWriter file, int capacity)
    {
        _file = file;
        Buffer = new ArrayBufferWriter<byte>(capacity);
        _spare = new ArrayBufferWriter<byte>(capacity);
    }

    /// <summary>The buffer rows are encoded into.</summary>
    public ArrayBufferWriter<byte> Buffer { get; private set; }

    /// <summary>Hands the rows in <see cref="Buffer"/> to the writer and gives an empty buffer for the next ones.</summary>
    public async ValueTask WriteAsync(int tableIndex, int rowCount, bool async, CancellationToken cancellationToken)
    {
        await DrainAsync(async).ConfigureAwait(false);
        var full = Buffer;
        Buffer = _spare;
        _spare = full;
        _pending = Task.Run(() => _file.WriteRowsAsync(tableIndex, rowCount, full.WrittenMemory, async, cancellationToken).AsTask(), cancellationToken);
    }

    /// <summary>Waits until every chunk handed over is written; a failed write surfaces here.</summary>
    public async ValueTask DrainAsync(bool async)
    {
        if (_pending is not { } pending)
        {
            return;
        }

        _pending = null;
        if (async)
        {
            await pending.ConfigureAwait(false);
        }
        else
        {
            pending.GetAwaiter().GetResult();
        }

        _spare.ResetWrittenCount();
    }
}
