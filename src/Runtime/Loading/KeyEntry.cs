using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// One key value as at most two 64-bit words (one or two integer columns, or a Guid), with the locator of the row it
/// came from (see <see cref="RowLocator"/>) so a violation can name that row. Fixed-size, so runs of them sort and
/// spill as raw bytes.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct KeyEntry(long First, long Second, long Locator) : IComparable<KeyEntry>
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int CompareTo(KeyEntry other)
    {
        var first = First.CompareTo(other.First);
        return first != 0 ? first : Second.CompareTo(other.Second);
    }

    public bool SameKey(in KeyEntry other) => First == other.First && Second == other.Second;
}
