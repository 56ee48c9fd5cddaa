using System.ComponentModel;
using System.Diagnostics;
using DbPickle.Dumping;
using DbPickle.Loading;
using DbPickle.Model;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Infrastructure;

/// <summary>
/// The work behind the generated <c>&lt;Context&gt;Snapshot.Dump</c> and <c>Load</c> methods. Used by generated code;
/// not a stable API.
/// </summary>
/// <remarks>
/// The synchronous methods run the same code as the asynchronous ones with every I/O call made synchronously, so they
/// never block on a task.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SnapshotRunner
{
    /// <summary>Dumps to a stream.</summary>
    public static SnapshotSummary Dump(DbContext context, SnapshotDefinition definition, Stream destination, DumpOptions? options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(destination);
        ModelAccess.EnsureAvailable(context);
        return CompletedResult(SnapshotDumper.DumpAsync(context, definition, destination, options, async: false, CancellationToken.None));
    }

    /// <summary>Dumps to a file: written beside it under a temporary name and renamed into place only when complete.</summary>
    public static SnapshotSummary Dump(DbContext context, SnapshotDefinition definition, string path, DumpOptions? options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ModelAccess.EnsureAvailable(context);
        var fullPath = Path.GetFullPath(path);
        var temporary = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            SnapshotSummary summary;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                summary = CompletedResult(SnapshotDumper.DumpAsync(context, definition, stream, options, async: false, CancellationToken.None));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
            return summary;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Dumps to a stream asynchronously.</summary>
    public static async Task<SnapshotSummary> DumpAsync(DbContext context, SnapshotDefinition definition, Stream destination, DumpOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(destination);
        ModelAccess.EnsureAvailable(context);
        return await SnapshotDumper.DumpAsync(context, definition, destination, options, async: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads from a stream.</summary>
    public static SnapshotSummary Load(DbContext context, SnapshotDefinition definition, Stream source, LoadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(source);
        ModelAccess.EnsureAvailable(context);
        return CompletedResult(SnapshotLoader.LoadAsync(context, definition, source, options, async: false, CancellationToken.None));
    }

    /// <summary>Loads from a file.</summary>
    public static SnapshotSummary Load(DbContext context, SnapshotDefinition definition, string path, LoadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Load(context, definition, stream, options);
    }

    /// <summary>Loads from a stream asynchronously.</summary>
    public static async Task<SnapshotSummary> LoadAsync(DbContext context, SnapshotDefinition definition, Stream source, LoadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(source);
        ModelAccess.EnsureAvailable(context);
        return await SnapshotLoader.LoadAsync(context, definition, source, options, async: true, cancellationToken).ConfigureAwait(false);
    }

    // With async: false every await inside completes synchronously, so this never waits on a pending task.
    private static T CompletedResult<T>(ValueTask<T> operation)
    {
        Debug.Assert(operation.IsCompleted, "a synchronous run must complete synchronously");
        return operation.GetAwaiter().GetResult();
    }
}
