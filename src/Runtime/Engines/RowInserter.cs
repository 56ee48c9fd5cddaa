using System.Data.Common;
using DbPickle.Execution;
using DbPickle.Model;

namespace DbPickle.Engines;

/// <summary>
/// Inserts a table's rows one at a time through a single prepared, parameterised INSERT that is reused for every
/// row. Parameters are created once by EF Core's type mappings, so each gets the provider type EF itself would use.
/// The fastest path on SQLite, where a statement costs no round trip.
/// </summary>
internal sealed class RowInserter : TableInserter
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;
    private bool _prepared;

    public RowInserter(DbSession session, EngineDialect dialect, TableMapping table)
        : base(table)
    {
        _command = session.CreateCommand(dialect.InsertSql(table, rows: 1));
        _parameters = dialect.AddParameters(_command, table, rows: 1);
    }

    public override string PathName => "one prepared INSERT with the provider's parameters";

    public override async ValueTask InsertAsync(object entity, bool async, CancellationToken cancellationToken)
    {
        var columns = Table.Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            _parameters[i].Value = ProviderValue(columns[i], entity);
        }

        if (!_prepared)
        {
            if (async)
            {
                await _command.PrepareAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _command.Prepare();
            }

            _prepared = true;
        }

        try
        {
            Inserted += async ? await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : _command.ExecuteNonQuery();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not SnapshotException)
        {
            throw new SnapshotException(
                $"Inserting row [{Table.DescribeKey(entity)}] into table '{Table.DisplayName}' failed: {exception.Message} Nothing was changed.",
                exception);
        }
    }

    public override ValueTask DisposeAsync() => _command.DisposeAsync();
}
