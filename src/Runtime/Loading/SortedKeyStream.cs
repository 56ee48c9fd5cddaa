using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// The keys of one table's rows, or one foreign key's values, collected during the validation pass and read back in
/// key order: an external sort. Entries fill a fixed buffer; a full buffer is sorted and written to the shared
/// <see cref="KeyRunFile"/>; reading merges the runs. Rows usually arrive in key order, so most runs need no sorting.
/// </summary>
internal sealed class SortedKeyStream
{
    /// <summary>Entries held in memory per stream (24 bytes each): 768 KiB, whatever the table's size.</summary>
    internal const int BufferEntries = 32 * 1024;

    private const int ReadBufferEntries = 1024;

    private readonly KeyRunFile _runFile;
    private readonly List<(long Offset, int Count)> _runs = [];
    private KeyEntry[] _buffer = new KeyEntry[16];
    private int _count;
    private bool _bufferSorted = true;

    public SortedKeyStream(KeyRunFile runFile) => _runFile = runFile;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(in KeyEntry entry)
    {
        if (_count == _buffer.Length)
        {
            if (_buffer.Length < BufferEntries)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
            else
            {
                Spill();
            }
        }

        if (_bufferSorted && _count > 0 && entry.CompareTo(_buffer[_count - 1]) < 0)
        {
            _bufferSorted = false;
        }

        _buffer[_count++] = entry;
    }

    /// <summary>Every entry in key order (equal keys adjacent). May be called more than once.</summary>
    public Cursor Open()
    {
        SortBuffer();
        return new Cursor(this);
    }

    /// <summary>Makes the stream ready to be opened from several threads at once: no more <see cref="Add"/> after this.</summary>
    public void Seal() => SortBuffer();

    private void Spill()
    {
        SortBuffer();
        _runs.Add((_runFile.Write(_buffer.AsSpan(0, _count)), _count));
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SortBuffer()
    {
        if (!_bufferSorted)
        {
            KeySort.Sort(_buffer.AsSpan(0, _count));
            _bufferSorted = true;
        }
    }

    /// <summary>
    /// A k-way merge over the spilled runs and the in-memory tail, each read through a small buffer: a binary min-heap
    /// of the runs by their current entry (hand-written for the same reason as <see cref="KeySort"/>).
    /// </summary>
    internal sealed class Cursor
    {
        private readonly Source[] _heap;
        private int _count;

        public Cursor(SortedKeyStream stream)
        {
            var sources = new List<Source>(stream._runs.Count + 1);
            foreach (var (offset, count) in stream._runs)
            {
                sources.Add(new Source(stream._runFile, offset, count));
            }

            if (stream._count > 0)
            {
                sources.Add(new Source(stream._buffer, stream._count));
            }

            _heap = new Source[sources.Count];
            foreach (var source in sources)
            {
                if (source.TryAdvance())
                {
                    _heap[_count++] = source;
                }
            }

            for (var i = (_count / 2) - 1; i >= 0; i--)
            {
                SiftDown(i);
            }
        }

        public KeyEntry Current { get; private set; }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool MoveNext()
        {
            if (_count == 0)
            {
                return false;
            }

            var smallest = _heap[0];
            Current = smallest.Current;
            if (!smallest.TryAdvance())
            {
                _heap[0] = _heap[--_count];
            }

            SiftDown(0);
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void SiftDown(int root)
        {
            while (true)
            {
                var child = (2 * root) + 1;
                if (child >= _count)
                {
                    return;
                }

                if (child + 1 < _count && _heap[child + 1].Current.CompareTo(_heap[child].Current) < 0)
                {
                    child++;
                }

                if (_heap[root].Current.CompareTo(_heap[child].Current) <= 0)
                {
                    return;
                }

                (_heap[root], _heap[child]) = (_heap[child], _heap[root]);
                root = child;
            }
        }
    }

    /// <summary>One sorted run: a slice of the run file read a block at a time, or the in-memory tail.</summary>
    private sealed class Source
    {
        private readonly KeyRunFile? _file;
        private readonly KeyEntry[] _block;
        private long _fileOffset;
        private int _leftInFile;
        private int _blockCount;
        private int _index = -1;

        public Source(KeyRunFile file, long offset, int count)
        {
            _file = file;
            _fileOffset = offset;
            _leftInFile = count;
            _block = new KeyEntry[Math.Min(count, ReadBufferEntries)];
        }

        public Source(KeyEntry[] memory, int count)
        {
            _block = memory;
            _blockCount = count;
        }

        public KeyEntry Current => _block[_index];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool TryAdvance()
        {
            if (++_index < _blockCount)
            {
                return true;
            }

            if (_file is null || _leftInFile == 0)
            {
                return false;
            }

            _blockCount = Math.Min(_leftInFile, _block.Length);
            _file.Read(_fileOffset, _block.AsSpan(0, _blockCount));
            _fileOffset += (long)_blockCount * System.Runtime.CompilerServices.Unsafe.SizeOf<KeyEntry>();
            _leftInFile -= _blockCount;
            _index = 0;
            return true;
        }
    }
}
