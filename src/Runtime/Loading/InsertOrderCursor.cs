using DbPickle.Model;
using MemoryPack;
using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// Reads one table's kept rows in the order pass 2 inserts them: file order (spool records and chunks left in place in
/// the snapshot file, run by run), or parents first for a self-referencing table. The insert loop and the lookup that
/// names a row the database refused both walk it, so they cannot disagree on which row is the n-th.
/// </summary>
internal sealed class InsertOrderCursor : IDisposable
{
    private readonly TableLoadPlan _plan;
    private readonly TableMapping _table;
    private readonly RowSpool _spool;
    private readonly MemoryPackReaderOptionalState _readerState;
    private readonly IEnumerator<long>? _parentsFirst;
    private int _segment = -1;
    private long _leftInSegment;
    private long _nextRecord;
    private byte[] _chunk = [];
    private int _chunkLength;
    private int _chunkPosition;
    private long _read;

    public InsertOrderCursor(TableLoadPlan plan, RowSpool spool, MemoryPackReaderOptionalState readerState)
    {
        _plan = plan;
        _table = plan.Target!;
        _spool = spool;
        _readerState = readerState;
        _parentsFirst = plan.SelfReferenceOrder?.Offsets().GetEnumerator();
    }

    /// <summary>The current row's bytes: model columns at [<see cref="Start"/>, + <see cref="ModelLength"/>), then the original row.</summary>
    public byte[] Record { get; private set; } = [];

    public int Start { get; private set; }

    public int ModelLength { get; private set; }

    /// <summary>Length of the row's original bytes after its model columns (kept only for OnPreSave hooks).</summary>
    public int OriginalLength { get; private set; }

    /// <summary>Reads and decodes the next row into a new entity; null after the last row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public object? Next()
    {
        if (_read == _plan.KeptRows)
        {
            return null;
        }

        _read++;
        if (_parentsFirst is not null)
        {
            // Self-referencing tables are always spooled (see TableLoadPlan.CanStayInPlace).
            _parentsFirst.MoveNext();
            return ReadRecord(_parentsFirst.Current);
        }

        while (_leftInSegment == 0)
        {
            var segment = _plan.Segments[++_segment];
            _leftInSegment = segment.Rows;
            if (segment.InSource)
            {
                _spool.Source!.ReadChunk(segment, _plan.FileIndex, _plan.File.Table, ref _chunk);
                _chunkLength = segment.PayloadLength;
                _chunkPosition = 0;
            }
            else
            {
                _nextRecord = segment.Start;
                _chunkLength = -1;
            }
        }

        _leftInSegment--;
        if (_chunkLength < 0)
        {
            return ReadRecord(_nextRecord);
        }

        // A chunk left in place: rows follow each other, each as long as decoding it takes.
        var reader = new MemoryPackReader(_chunk.AsSpan(_chunkPosition, _chunkLength - _chunkPosition), _readerState);
        var entity = RowSpool.DecodeColumns(_table, ref reader);
        (Record, Start, ModelLength, OriginalLength) = (_chunk, _chunkPosition, reader.Consumed, 0);
        _chunkPosition += reader.Consumed;
        return entity;
    }

    private object ReadRecord(long offset)
    {
        var size = _spool.Read(offset, out var record, out var modelLength, out var originalLength);
        _nextRecord = offset + size;
        (Record, Start, ModelLength, OriginalLength) = (record, 0, modelLength, originalLength);
        return RowSpool.Decode(_table, record, modelLength, _readerState);
    }

    public void Dispose() => _parentsFirst?.Dispose();
}
