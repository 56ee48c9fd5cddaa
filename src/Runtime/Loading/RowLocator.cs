namespace DbPickle.Loading;

/// <summary>
/// Where a validated row can be read again (to name it in a report): a spool offset (zero or more), or, for a row left
/// in place in the snapshot file, its offset there and its length folded into one negative number.
/// </summary>
internal static class RowLocator
{
    private const int LengthBits = 24;
    private const long MaxSourceOffset = (1L << (63 - LengthBits)) - 1;

    /// <summary>The longest row that can be left in place (16 MiB); a chunk holding a longer one is spooled.</summary>
    public const int MaxSourceRowLength = (1 << LengthBits) - 1;

    /// <summary>Whether a chunk's rows, ending before <paramref name="end"/> in the source, can all be located in place.</summary>
    public static bool FitsSource(long end) => end <= MaxSourceOffset;

    public static long ForSource(long offset, int length) => ~((offset << LengthBits) | (uint)length);

    public static bool IsSource(long locator) => locator < 0;

    public static (long Offset, int Length) SourceRow(long locator)
    {
        var value = ~locator;
        return (value >> LengthBits, (int)(value & MaxSourceRowLength));
    }
}
