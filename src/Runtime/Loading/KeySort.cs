using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// Sorts key entries by key. Written out rather than <c>Span.Sort</c> because the framework's sort instantiated over
/// <see cref="KeyEntry"/> is not precompiled: it ran unoptimized for much of a load until tiered compilation caught up.
/// Keys that differ only in a narrow range of their first word (a foreign key's values in a run: ids up to millions)
/// get a stable radix sort, a few linear passes; anything else an introsort: quicksort with median-of-three pivots,
/// insertion sort for short ranges, heapsort when the recursion gets deep (so adversarial key orders stay O(n log n)).
/// </summary>
internal static class KeySort
{
    private const int InsertionSortMax = 16;

    /// <summary>Below this many entries the introsort is as quick as the radix sort's fixed costs.</summary>
    private const int RadixSortMin = 256;

    /// <summary>Radix passes of 8 bits each the radix sort makes at most: first words within 2^24 of each other.</summary>
    private const int RadixSortMaxPasses = 3;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort(Span<KeyEntry> entries)
    {
        if (entries.Length > 1 && !(entries.Length >= RadixSortMin && TryRadixSort(entries)))
        {
            IntroSort(entries, 2 * (int)Math.Log2(entries.Length));
        }
    }

    /// <summary>
    /// Sorts by the first word with least-significant-digit radix passes when every entry has the same second word and
    /// the first words span less than 2^24; false (nothing moved) otherwise. Stable: equal keys keep their order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryRadixSort(Span<KeyEntry> entries)
    {
        var second = entries[0].Second;
        long min = entries[0].First, max = min;
        foreach (ref readonly var entry in entries)
        {
            if (entry.Second != second)
            {
                return false;
            }

            min = Math.Min(min, entry.First);
            max = Math.Max(max, entry.First);
        }

        var range = unchecked((ulong)(max - min));
        var passes = (64 - System.Numerics.BitOperations.LeadingZeroCount(range) + 7) / 8;
        if (passes > RadixSortMaxPasses)
        {
            return false;
        }

        Span<int> counts = stackalloc int[RadixSortMaxPasses * 256];
        counts.Clear();
        foreach (ref readonly var entry in entries)
        {
            var offset = unchecked((ulong)(entry.First - min));
            for (var pass = 0; pass < passes; pass++)
            {
                counts[(pass * 256) + (int)((offset >> (8 * pass)) & 0xFF)]++;
            }
        }

        var scratch = System.Buffers.ArrayPool<KeyEntry>.Shared.Rent(entries.Length);
        try
        {
            var source = entries;
            var target = scratch.AsSpan(0, entries.Length);
            for (var pass = 0; pass < passes; pass++)
            {
                var digitCounts = counts.Slice(pass * 256, 256);
                if (digitCounts.Contains(entries.Length))
                {
                    // Every entry has the same digit here: this pass would move nothing.
                    continue;
                }

                // Counts become each digit's first slot in the target.
                var next = 0;
                for (var digit = 0; digit < 256; digit++)
                {
                    (digitCounts[digit], next) = (next, next + digitCounts[digit]);
                }

                var shift = 8 * pass;
                foreach (ref readonly var entry in source)
                {
                    target[digitCounts[(int)((unchecked((ulong)(entry.First - min)) >> shift) & 0xFF)]++] = entry;
                }

                var written = target;
                target = source;
                source = written;
            }

            if (source != entries)
            {
                source.CopyTo(entries);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<KeyEntry>.Shared.Return(scratch);
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void IntroSort(Span<KeyEntry> entries, int depthLimit)
    {
        while (entries.Length > InsertionSortMax)
        {
            if (depthLimit-- == 0)
            {
                HeapSort(entries);
                return;
            }

            var pivot = Partition(entries);

            // Recurse into the smaller side, loop on the larger: the stack stays O(log n).
            if (pivot < entries.Length - pivot)
            {
                IntroSort(entries[..pivot], depthLimit);
                entries = entries[(pivot + 1)..];
            }
            else
            {
                IntroSort(entries[(pivot + 1)..], depthLimit);
                entries = entries[..pivot];
            }
        }

        InsertionSort(entries);
    }

    /// <summary>Partitions around a median-of-three pivot; returns the pivot's final index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Partition(Span<KeyEntry> entries)
    {
        var last = entries.Length - 1;
        var middle = last / 2;
        SwapIfGreater(entries, 0, middle);
        SwapIfGreater(entries, 0, last);
        SwapIfGreater(entries, middle, last);

        // The median goes next to the end; entries[0] <= pivot <= entries[last] bound both scans.
        Swap(entries, middle, last - 1);
        var pivot = entries[last - 1];
        int left = 0, right = last - 1;
        while (true)
        {
            while (entries[++left].CompareTo(pivot) < 0)
            {
            }

            while (pivot.CompareTo(entries[--right]) < 0)
            {
            }

            if (left >= right)
            {
                break;
            }

            Swap(entries, left, right);
        }

        Swap(entries, left, last - 1);
        return left;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void InsertionSort(Span<KeyEntry> entries)
    {
        for (var i = 1; i < entries.Length; i++)
        {
            var entry = entries[i];
            var j = i - 1;
            while (j >= 0 && entries[j].CompareTo(entry) > 0)
            {
                entries[j + 1] = entries[j];
                j--;
            }

            entries[j + 1] = entry;
        }
    }

    private static void HeapSort(Span<KeyEntry> entries)
    {
        for (var i = (entries.Length / 2) - 1; i >= 0; i--)
        {
            SiftDown(entries, i, entries.Length);
        }

        for (var end = entries.Length - 1; end > 0; end--)
        {
            Swap(entries, 0, end);
            SiftDown(entries, 0, end);
        }
    }

    private static void SiftDown(Span<KeyEntry> entries, int root, int length)
    {
        while (true)
        {
            var child = (2 * root) + 1;
            if (child >= length)
            {
                return;
            }

            if (child + 1 < length && entries[child].CompareTo(entries[child + 1]) < 0)
            {
                child++;
            }

            if (entries[root].CompareTo(entries[child]) >= 0)
            {
                return;
            }

            Swap(entries, root, child);
            root = child;
        }
    }

    private static void SwapIfGreater(Span<KeyEntry> entries, int i, int j)
    {
        if (entries[i].CompareTo(entries[j]) > 0)
        {
            Swap(entries, i, j);
        }
    }

    private static void Swap(Span<KeyEntry> entries, int i, int j) => (entries[i], entries[j]) = (entries[j], entries[i]);
}
