namespace DbPickle.Loading;

/// <summary>
/// A run of one table's rows kept for pass 2, in file order: records in the spool, or a whole chunk left in place in
/// a seekable snapshot file (every row of it passed validation unchanged, so the spool would only copy it).
/// </summary>
/// <param name="InSource">Whether the rows are a chunk of the snapshot file rather than spool records.</param>
/// <param name="Start">The first record's spool offset, or the chunk's offset in the source stream.</param>
/// <param name="Rows">Rows in the run.</param>
/// <param name="PayloadLength">For a chunk: its payload's length, checked again when pass 2 reads it.</param>
internal readonly record struct RowSegment(bool InSource, long Start, long Rows, int PayloadLength);
