using System.Threading.Channels;
using DbPickle.Format;
using DbPickle.Infrastructure;
using DbPickle.Model;
using MemoryPack;
using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// Pass 1 of a load, on two threads: a reader thread reads and checks each chunk, decodes its rows, runs OnPreWalk
/// and validates the values; the calling thread records keys and references and spools the rows. Nothing is written
/// to the database in this pass, which would otherwise leave one of the machine's cores (and the server) idle.
/// A small bounded queue between the two keeps memory flat.
/// </summary>
internal sealed class ValidationPass
{
    /// <summary>Decoded chunks the reader may run ahead of the spooler: each holds one chunk's bytes and rows.</summary>
    private const int QueuedChunks = 4;

    private readonly SnapshotFileReader _file;
    private readonly TableLoadPlan[] _plans;
    private readonly RowSpool _spool;
    private readonly RowValidator _validator;
    private readonly ReferenceChecker _references;
    private readonly LoadOptions _options;

    /// <summary>Per file table: clears rows from their bytes where no entity is needed (null where one is).</summary>
    private readonly EncodedRowScanner?[] _scanners;

    /// <summary>
    /// Chunks the spooler is done with, for the reader to fill again: their arrays (tens of thousands of rows for a
    /// table of narrow rows, so large-object-heap sized) are allocated a handful of times per load, not per chunk.
    /// </summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<DecodedChunk> _free = [];

    public ValidationPass(
        SnapshotFileReader file, TableLoadPlan[] plans, RowSpool spool, RowValidator validator, ReferenceChecker references, LoadOptions options, Engines.EngineDialect dialect)
    {
        _scanners = [.. plans.Select(p => EncodedRowScanner.For(p, dialect))];
        _file = file;
        _plans = plans;
        _spool = spool;
        _validator = validator;
        _references = references;
        _options = options;
    }

    public async ValueTask RunAsync(bool async, CancellationToken cancellationToken)
    {
        var chunks = HandOff.CreateChannel<DecodedChunk>(QueuedChunks, async);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        // The reader runs on a thread of its own: with synchronous I/O (Load rather than LoadAsync) it blocks that
        // thread only, never the caller's or a thread-pool thread.
        var reader = async
            ? Task.Run(() => ReadAsync(chunks.Writer, async: true, stop.Token).AsTask(), stop.Token)
            : HandOff.StartThread(() => ReadAsync(chunks.Writer, async: false, stop.Token).AsTask().GetAwaiter().GetResult(), stop.Token);
        try
        {
            TableLoadPlan? previous = null;
            while (await HandOff.NextAsync(chunks.Reader, async, cancellationToken).ConfigureAwait(false) is { } chunk)
            {
                try
                {
                    if (previous is not null && previous != chunk.Plan)
                    {
                        // Chunks come table by table: a table is complete once the next one starts.
                        previous.Walked = true;
                    }

                    previous = chunk.Plan;
                    Spool(chunk);
                }
                finally
                {
                    SnapshotFileReader.ReturnPayload(chunk.Payload);
                    chunk.Release();
                    _free.Add(chunk);
                }
            }
        }
        catch
        {
            stop.Cancel();
            await HandOff.ObserveAsync(reader, async).ConfigureAwait(false);
            throw;
        }

        // The channel completes only when the reader finished or failed; a failure surfaces here.
        await HandOff.WaitAsync(reader, async).ConfigureAwait(false);

        foreach (var plan in _plans)
        {
            plan.Walked = true;
        }
    }

    private async ValueTask ReadAsync(ChannelWriter<DecodedChunk> chunks, bool async, CancellationToken cancellationToken)
    {
        try
        {
            var readerState = MemoryPackReaderOptionalStatePool.Rent(null);
            var rows = new SnapshotRow?[_plans.Length];
            while (await _file.ReadChunkAsync(async, cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var plan = _plans[_file.TableIndex];
                plan.RowsRead += _file.RowCount;
                if (!_free.TryTake(out var chunk))
                {
                    chunk = new DecodedChunk();
                }

                chunk.Reset(plan, _file.RowCount, plan.References?.Compact.Length ?? 0);
                if (plan.Target is { } table)
                {
                    Decode(plan, table, rows[plan.FileIndex] ??= new SnapshotRow(plan.File), readerState, chunk, _scanners[plan.FileIndex]);
                    chunk.FileOffset = _file.ChunkOffset;
                    chunk.PayloadLength = _file.PayloadLength;
                    chunk.StaysInPlace = _spool.Source is not null && StaysInPlace(plan, chunk);
                }

                chunk.Payload = _file.TakePayload();
                if (async)
                {
                    await chunks.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    HandOff.Write(chunks, chunk, cancellationToken);
                }
            }

            foreach (var plan in _plans)
            {
                var trailerCount = _file.TrailerRowCounts[plan.FileIndex];
                if (plan.RowsRead != plan.File.RowCount || plan.RowsRead != trailerCount)
                {
                    throw new SnapshotFormatException(
                        $"Table holds {plan.RowsRead} rows but the header says {plan.File.RowCount} and the trailer {trailerCount}",
                        _file.Offset,
                        plan.File.Table);
                }
            }

            chunks.Complete();
        }
        catch (Exception exception)
        {
            chunks.Complete(exception);
            throw;
        }
    }

    /// <summary>
    /// Decodes a chunk's rows, runs OnPreWalk and validates each row that stays. Rows the scanner clears from their
    /// bytes get no entity: nothing in this pass or the spooler needs one for them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Decode(TableLoadPlan plan, TableMapping table, SnapshotRow row, MemoryPackReaderOptionalState readerState, DecodedChunk chunk, EncodedRowScanner? scanner)
    {
        var codec = table.Codec;
        var payload = _file.Payload;
        var length = _file.PayloadLength;
        var offset = 0;
        var compactReferences = plan.References!.Compact.Length;
        for (var r = 0; r < _file.RowCount; r++)
        {
            if (scanner is not null)
            {
                var next = chunk.Count;
                if (scanner.TryClear(
                    payload.AsSpan(offset, length - offset),
                    out var rowLength,
                    out chunk.Keys[next],
                    out chunk.KeyPresent[next],
                    chunk.References.AsSpan(next * compactReferences, compactReferences),
                    chunk.ReferencePresent.AsSpan(next * compactReferences, compactReferences)))
                {
                    chunk.Add(null, offset, rowLength, changed: false);
                    offset += rowLength;
                    continue;
                }
            }

            var entity = codec.CreateEntity();
            var start = offset;
            try
            {
                offset = SnapshotLoader.DecodeRow(payload, offset, length, plan, table, entity, _validator, readerState);
            }
            catch (Exception exception) when (exception is MemoryPackSerializationException or InvalidDataException or ArgumentException or IndexOutOfRangeException)
            {
                throw _file.Corrupt($"Invalid data in row {plan.RowsRead - _file.RowCount + r + 1}: {exception.Message}", _file.ChunkOffset, plan.FileIndex, exception);
            }

            if (codec.HasPreWalkHook)
            {
                row.Reset(payload, start, offset - start);
                SnapshotLoader.RunHook(table, entity, row, "OnPreWalk", static (c, e, r) => c.PreWalk(e, r));
                if (row.IsSkipped)
                {
                    plan.SkippedRows++;
                    continue;
                }
            }

            var changed = _validator.Check(table, entity);

            // Keys are read here, while the row is in this core's cache, not by the spooler on the other core.
            var index = chunk.Add(entity, start, offset - start, changed);
            if (plan.Keys!.Sorted is not null)
            {
                chunk.KeyPresent[index] = CompactKey.TryRead(table, entity, table.KeyColumns, 0, out chunk.Keys[index]);
            }

            var compact = plan.References!.Compact;
            for (var f = 0; f < compact.Length; f++)
            {
                var slot = (index * compact.Length) + f;
                chunk.ReferencePresent[slot] = CompactKey.TryRead(table, entity, compact[f].DependentColumns, 0, out chunk.References[slot]);
            }
        }

        if (offset != length)
        {
            throw _file.Corrupt("Chunk holds more bytes than its rows", _file.ChunkOffset, plan.FileIndex);
        }
    }

    /// <summary>Whether pass 2 can read the chunk's rows from the snapshot file itself: the spool would hold the same bytes.</summary>
    private static bool StaysInPlace(TableLoadPlan plan, DecodedChunk chunk)
    {
        if (!plan.CanStayInPlace || chunk.Count == 0)
        {
            return false;
        }

        if (!RowLocator.FitsSource(chunk.FileOffset + FileFormat.ChunkHeaderSize + chunk.PayloadLength))
        {
            return false;
        }

        for (var i = 0; i < chunk.Count; i++)
        {
            if (chunk.Changed[i] || chunk.Lengths[i] > RowLocator.MaxSourceRowLength)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Spools a decoded chunk's rows (or notes where they stay in the file) and records their keys and references.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Spool(DecodedChunk chunk)
    {
        var plan = chunk.Plan;
        if (plan.Target is not { } table)
        {
            return;
        }

        if (plan.Segments.Count == 0)
        {
            plan.SelfReferenceOrder = table.SelfReference is null ? null : new ParentFirstOrder();
        }

        var payloadOffset = chunk.FileOffset + FileFormat.ChunkHeaderSize;
        if (chunk.StaysInPlace)
        {
            plan.Segments.Add(new RowSegment(InSource: true, chunk.FileOffset, chunk.Count, chunk.PayloadLength));
        }
        else if (plan.Segments.Count > 0 && !plan.Segments[^1].InSource)
        {
            plan.Segments[^1] = plan.Segments[^1] with { Rows = plan.Segments[^1].Rows + chunk.Count };
        }
        else
        {
            plan.Segments.Add(new RowSegment(InSource: false, _spool.Length, chunk.Count, 0));
        }

        var codec = table.Codec;
        var payload = chunk.Payload;
        var keys = plan.Keys!;
        var references = plan.References!;
        var streams = references.CompactStreams;
        for (var i = 0; i < chunk.Count; i++)
        {
            // Null only for a row the scanner cleared, whose table needs no entity below (see EncodedRowScanner.For).
            var entity = chunk.Entities[i]!;
            var bytes = payload.AsSpan(chunk.Starts[i], chunk.Lengths[i]);
            var original = codec.HasPreSaveHook ? bytes : default;
            var locator = chunk.StaysInPlace
                ? RowLocator.ForSource(payloadOffset + chunk.Starts[i], chunk.Lengths[i])
                : plan.SpoolsFileBytes && !chunk.Changed[i] ? _spool.AppendEncoded(bytes, original) : _spool.Append(table, entity, original);
            plan.KeptRows++;
            if (keys.Sorted is { } sorted)
            {
                if (chunk.KeyPresent[i])
                {
                    sorted.Add(chunk.Keys[i] with { Locator = locator });
                }
            }
            else if (!keys.AddOther(entity))
            {
                _validator.Add(table, entity, table.Columns[table.KeyColumns[0]], "another row of the snapshot has the same primary key.");
            }

            for (var f = 0; f < streams.Length; f++)
            {
                var slot = (i * streams.Length) + f;
                if (chunk.ReferencePresent[slot])
                {
                    streams[f].Add(chunk.References[slot] with { Locator = locator });
                }
            }

            if (references.Others.Length > 0)
            {
                _references.CheckOthers(table, references, entity, _validator);
            }
            if (plan.SelfReferenceOrder is { } order)
            {
                var key = RowKeys.Of(table, entity, table.KeyColumns);
                var selfReference = table.SelfReference!;
                var parent = RowKeys.Of(table, entity, selfReference.DependentColumns);
                var principalKey = selfReference.PrincipalColumns.SequenceEqual(table.KeyColumns) ? key : RowKeys.Of(table, entity, selfReference.PrincipalColumns);
                order.Add(locator, principalKey, parent.HasNull ? null : parent);
            }
        }

        _options.Progress?.Report(new SnapshotProgress(table.Table, plan.KeptRows + plan.SkippedRows, plan.File.RowCount, "validate"));
    }

    /// <summary>One chunk's bytes and the rows decoded from it that OnPreWalk kept; reused from chunk to chunk.</summary>
    private sealed class DecodedChunk
    {
        public TableLoadPlan Plan { get; private set; } = null!;

        public byte[] Payload { get; set; } = [];

        /// <summary>Each row's entity; null for rows cleared from their bytes.</summary>
        public object?[] Entities { get; private set; } = [];

        public int[] Starts { get; private set; } = [];

        public int[] Lengths { get; private set; } = [];

        /// <summary>Whether validation changed the row (so its file bytes are no longer its values).</summary>
        public bool[] Changed { get; private set; } = [];

        /// <summary>Each row's compact primary key (locator still 0), and whether it has one (no null part).</summary>
        public KeyEntry[] Keys { get; private set; } = [];

        public bool[] KeyPresent { get; private set; } = [];

        /// <summary>Each row's compact references, one slot per compact foreign key per row, and whether each is non-null.</summary>
        public KeyEntry[] References { get; private set; } = [];

        public bool[] ReferencePresent { get; private set; } = [];

        public int Count { get; private set; }

        /// <summary>Where the chunk starts in the snapshot file, and its payload's length.</summary>
        public long FileOffset { get; set; }

        public int PayloadLength { get; set; }

        /// <summary>Whether every row of the chunk passed unchanged and its table may stay in place (see <see cref="TableLoadPlan.CanStayInPlace"/>).</summary>
        public bool StaysInPlace { get; set; }

        public void Reset(TableLoadPlan plan, int rowCount, int compactReferences)
        {
            Plan = plan;
            Count = 0;
            StaysInPlace = false;
            if (Entities.Length < rowCount)
            {
                Entities = new object?[rowCount];
                Starts = new int[rowCount];
                Lengths = new int[rowCount];
                Changed = new bool[rowCount];
                Keys = new KeyEntry[rowCount];
                KeyPresent = new bool[rowCount];
            }

            if (References.Length < rowCount * compactReferences)
            {
                References = new KeyEntry[rowCount * compactReferences];
                ReferencePresent = new bool[rowCount * compactReferences];
            }
        }

        /// <summary>Drops the rows, so a chunk waiting in the free list keeps no entity alive.</summary>
        public void Release()
        {
            Array.Clear(Entities, 0, Count);
            Payload = [];
        }

        /// <summary>Adds a row; returns its index in the chunk.</summary>
        public int Add(object? entity, int start, int length, bool changed)
        {
            Entities[Count] = entity;
            Starts[Count] = start;
            Lengths[Count] = length;
            Changed[Count] = changed;
            return Count++;
        }
    }
}
