using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace DbPickle.Execution;

/// <summary>
/// The connection and transaction a dump or load runs in. Uses the caller's open transaction when there is one (a load
/// then works inside a savepoint, so a failure undoes only the load); otherwise opens its own and closes it after.
/// </summary>
internal sealed class DbSession
{
    private const string SavepointName = "dbpickle_load";

    private readonly DbContext _context;
    private readonly bool _openedConnection;
    private readonly IDbContextTransaction? _ownTransaction;
    private readonly IDbContextTransaction? _userTransaction;
    private readonly bool _usesSavepoint;
    private readonly int? _commandTimeout;
    private readonly string? _restoreConnectionSql;
    private bool _completed;

    private DbSession(
        DbContext context, bool openedConnection, IDbContextTransaction? ownTransaction, IDbContextTransaction? userTransaction, bool usesSavepoint, string? restoreConnectionSql)
    {
        _restoreConnectionSql = restoreConnectionSql;
        _context = context;
        _openedConnection = openedConnection;
        _ownTransaction = ownTransaction;
        _userTransaction = userTransaction;
        _usesSavepoint = usesSavepoint;
        Connection = context.Database.GetDbConnection();
        Transaction = (ownTransaction ?? userTransaction)!.GetDbTransaction();
        _commandTimeout = context.Database.GetCommandTimeout();
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    /// <summary>Whether this session began the transaction (and its COMMIT ends it), rather than working inside the caller's.</summary>
    public bool OwnsTransaction => _ownTransaction is not null;

    /// <summary>
    /// Opens the session. <paramref name="beforeOwnTransaction"/> changes a connection setting that an engine ignores
    /// inside a transaction (SQLite's <c>PRAGMA foreign_keys</c>) and returns the SQL that restores it, or null when
    /// nothing changed; it runs only when this session begins its own transaction, and the restore runs when the
    /// session closes, before the connection goes back to its owner or pool.
    /// </summary>
    public static async ValueTask<DbSession> OpenAsync(
        DbContext context,
        IsolationLevel isolation,
        bool savepointInUserTransaction,
        bool async,
        CancellationToken cancellationToken,
        Func<DbConnection, bool, CancellationToken, ValueTask<string?>>? beforeOwnTransaction = null)
    {
        var database = context.Database;
        var openedConnection = database.GetDbConnection().State != ConnectionState.Open;
        if (openedConnection)
        {
            if (async)
            {
                await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                database.OpenConnection();
            }
        }

        string? restore = null;
        try
        {
            if (database.CurrentTransaction is { } userTransaction)
            {
                var savepoint = savepointInUserTransaction && userTransaction.SupportsSavepoints;
                if (savepoint)
                {
                    if (async)
                    {
                        await userTransaction.CreateSavepointAsync(SavepointName, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        userTransaction.CreateSavepoint(SavepointName);
                    }
                }

                return new DbSession(context, openedConnection, null, userTransaction, savepoint, null);
            }

            if (beforeOwnTransaction is not null)
            {
                restore = await beforeOwnTransaction(database.GetDbConnection(), async, cancellationToken).ConfigureAwait(false);
            }

            var own = async
                ? await database.BeginTransactionAsync(isolation, cancellationToken).ConfigureAwait(false)
                : database.BeginTransaction(isolation);
            return new DbSession(context, openedConnection, own, null, false, restore);
        }
        catch
        {
            if (restore is not null)
            {
                try
                {
                    await ExecuteOnConnectionAsync(database.GetDbConnection(), restore, async).ConfigureAwait(false);
                }
                catch (DbException)
                {
                    // The error on its way up explains the failure; a setting left changed cannot add to it.
                }
            }

            if (openedConnection)
            {
                database.CloseConnection();
            }

            throw;
        }
    }

    public DbCommand CreateCommand(string sql)
    {
        var command = Connection.CreateCommand();

        // Once this session's own transaction has ended (e.g. a rollback before restoring session settings), it can no
        // longer be attached to a command; the user's transaction stays usable after a rollback to the savepoint.
        command.Transaction = _ownTransaction is not null && _completed ? null : Transaction;
        command.CommandText = sql;
        if (_commandTimeout is { } timeout)
        {
            command.CommandTimeout = timeout;
        }

        return command;
    }

    public async ValueTask<int> ExecuteAsync(string sql, bool async, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(sql);
        return async ? await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteNonQuery();
    }

    public async ValueTask<long> ScalarAsync(string sql, bool async, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(sql);
        var value = async ? await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteScalar();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask<string?> TextAsync(string sql, bool async, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(sql);
        var value = async ? await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteScalar();
        return value is null or DBNull ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask CommitAsync(bool async, CancellationToken cancellationToken)
    {
        if (_ownTransaction is not null)
        {
            if (async)
            {
                await _ownTransaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _ownTransaction.Commit();
            }
        }
        else if (_usesSavepoint)
        {
            if (async)
            {
                await _userTransaction!.ReleaseSavepointAsync(SavepointName, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _userTransaction!.ReleaseSavepoint(SavepointName);
            }
        }

        _completed = true;
    }

    /// <summary>Undoes everything done in this session. Never observes the caller's cancellation: a rollback must run.</summary>
    public async ValueTask RollbackAsync(bool async)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if (_ownTransaction is not null)
        {
            if (async)
            {
                await _ownTransaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                _ownTransaction.Rollback();
            }
        }
        else if (_usesSavepoint)
        {
            if (async)
            {
                await _userTransaction!.RollbackToSavepointAsync(SavepointName, CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                _userTransaction!.RollbackToSavepoint(SavepointName);
            }
        }
    }

    /// <summary>
    /// Rolls back after a failure and closes, never throwing: a broken connection (Npgsql breaks it when a COPY row
    /// fails) must not replace the error that explains what went wrong.
    /// </summary>
    public async ValueTask AbandonAsync(bool async, Microsoft.Extensions.Logging.ILogger logger)
    {
        try
        {
            await RollbackAsync(async).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            SnapshotLog.CleanupFailed(logger, "rollback", exception);
        }
    }

    /// <summary>Ends the session: an uncommitted own transaction is rolled back, a connection this session opened is closed.</summary>
    public async ValueTask CloseAsync(bool async, Microsoft.Extensions.Logging.ILogger logger)
    {
        try
        {
            if (_ownTransaction is not null)
            {
                if (async)
                {
                    await _ownTransaction.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    _ownTransaction.Dispose();
                }
            }

            if (_restoreConnectionSql is not null)
            {
                try
                {
                    await ExecuteOnConnectionAsync(Connection, _restoreConnectionSql, async).ConfigureAwait(false);
                }
                catch (Exception exception)
                {
                    SnapshotLog.CleanupFailed(logger, "restoring connection settings", exception);
                }
            }

            if (_openedConnection)
            {
                if (async)
                {
                    await _context.Database.CloseConnectionAsync().ConfigureAwait(false);
                }
                else
                {
                    _context.Database.CloseConnection();
                }
            }
        }
        catch (Exception exception)
        {
            // Closing happens after the outcome is settled (committed, or rolled back with its error on the way up).
            SnapshotLog.CleanupFailed(logger, "closing the connection", exception);
        }
    }

    private static async ValueTask ExecuteOnConnectionAsync(DbConnection connection, string sql, bool async)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        _ = async ? await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false) : command.ExecuteNonQuery();
    }
}
