using System.Data.Common;
using DbPickle.Execution;
using DbPickle.Model;

namespace DbPickle.Engines;

/// <summary>
/// Inserts rows in multi-row <c>INSERT ... VALUES (...), (...)</c> statements of up to a few hundred rows: one round
/// trip per batch instead of per row, for engines reached over a network. Plain ADO.NET, so any provider can use it.
/// </summary>
internal sealed partial class BatchInserter : TableInserter
{
    /// <summary>Rows per statement: 500 measured best on PostgreSQL and MariaDB (ENGINE-NOTES); fewer for wide tables.</summary>
    private const int MaxRows = 500;

    /// <summary>Both PostgreSQL and MySQL accept at most 65,535 parameters in one statement.</summary>
    private const int MaxParameters = 65_535;

    private readonly DbSession _session;
    private readonly EngineDialect _dialect;
    private readonly int _batchRows;
    private readonly object[] _buffered;
    private DbCommand? _fullBatch;
    private DbParameter[] _fullParameters = [];
    private int _count;

    public BatchInserter(DbSession session, EngineDialect dialect, TableMapping table)
        : base(table)
    {
        _session = session;
        _dialect = dialect;
        _batchRows = Math.Max(1, Math.Min(MaxRows, MaxParameters / Math.Max(1, table.Columns.Length)));
        _buffered = new object[_batchRows];
    }

    public override string PathName => "multi-row INSERT batches";

    public override async ValueTask InsertAsync(object entity, bool async, CancellationToken cancellationToken)
    {
        _buffered[_count++] = entity;
        if (_count == _batchRows)
        {
            if (_fullBatch is null)
            {
                _fullBatch = _session.CreateCommand(_dialect.InsertSql(Table, _batchRows));
                _fullParameters = _dialect.AddParameters(_fullBatch, Table, _batchRows);
            }

            await ExecuteAsync(_fullBatch, _fullParameters, async, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask CompleteAsync(bool async, CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return;
        }

        await using var command = _session.CreateCommand(_dialect.InsertSql(Table, _count));
        var parameters = _dialect.AddParameters(command, Table, _count);
        await ExecuteAsync(command, parameters, async, cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync() => _fullBatch?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async ValueTask ExecuteAsync(DbCommand command, DbParameter[] parameters, bool async, CancellationToken cancellationToken)
    {
        var columns = Table.Columns;
        var p = 0;
        for (var r = 0; r < _count; r++)
        {
            foreach (var column in columns)
            {
                parameters[p++].Value = ProviderValue(column, _buffered[r]);
            }
        }

        try
        {
            Inserted += async ? await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteNonQuery();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not SnapshotException)
        {
            // MySQL and MariaDB name the failing row of a multi-row INSERT ("... at row 2"); other engines name none.
            var row = RowNumber().Match(exception.Message) is { Success: true } match
                && int.TryParse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= _count
                ? Table.DescribeKey(_buffered[number - 1])
                : null;
            throw new SnapshotException(
                (row is not null
                    ? $"Inserting row [{row}] into table '{Table.DisplayName}' failed: "
                    : $"Inserting rows [{Table.DescribeKey(_buffered[0])}] to [{Table.DescribeKey(_buffered[_count - 1])}] into table '{Table.DisplayName}' failed: ")
                + $"{exception.Message} Nothing was changed.",
                exception);
        }

        Array.Clear(_buffered, 0, _count);
        _count = 0;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bat row (\d+)\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex RowNumber();
}
