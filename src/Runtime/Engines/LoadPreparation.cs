namespace DbPickle.Engines;

/// <summary>
/// What an engine changed to make a load fast, and how it puts it back: some steps must run inside the transaction
/// before COMMIT (re-creating constraints, which validates every row at once), others after the transaction ended
/// either way (connection settings that a rollback does not undo).
/// </summary>
internal class LoadPreparation
{
    public static readonly LoadPreparation None = new();

    /// <summary>
    /// Whether <see cref="BeforeCommitAsync"/> re-validates every foreign key of the loaded tables (re-created
    /// constraints do), so the loader's own orphan query is needed only to name the rows when it fails.
    /// </summary>
    public virtual bool RevalidatesForeignKeys => false;

    /// <summary>
    /// Whether the engine's <c>ON DELETE CASCADE</c> / <c>SET NULL</c> actions are off while loading, so clearing a
    /// table for <see cref="LoadMode.Replace"/> cannot change rows of tables outside the snapshot.
    /// </summary>
    public virtual bool SuspendsDeleteActions => false;

    /// <summary>
    /// Whether the engine checks every foreign key when the load's own transaction commits (SQLite's deferred keys):
    /// then no verification query runs unless the COMMIT fails, and it runs only to name the rows.
    /// </summary>
    public virtual bool ChecksForeignKeysAtCommit => false;

    /// <summary>Inside the transaction, after every row is in and verified.</summary>
    public virtual ValueTask BeforeCommitAsync(bool async, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>After COMMIT or ROLLBACK; must not throw for a transaction that failed.</summary>
    public virtual ValueTask AfterEndAsync(bool async) => ValueTask.CompletedTask;
}

/// <summary>A preparation whose undo is one statement run after the transaction ended.</summary>
internal sealed class RestoreAfterEnd(Execution.DbSession session, string restoreSql, bool suspendsDeleteActions = false) : LoadPreparation
{
    public override bool SuspendsDeleteActions => suspendsDeleteActions;

    public override async ValueTask AfterEndAsync(bool async)
        => await session.ExecuteAsync(restoreSql, async, CancellationToken.None).ConfigureAwait(false);
}
