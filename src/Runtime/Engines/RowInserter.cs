using System.Data;
using System.Data.Common;
using DbPickle.Execution;
using DbPickle.Model;

namespace DbPickle.Engines;

/// <summary>
/// Inserts a table's rows one at a time through a single prepared, parameterised INSERT that is reused for every
/// row. Parameters are created once by EF Core's type mappings, so each gets the provider type EF itself would use.
/// </summary>
internal class RowInserter : IAsyncDisposable
{
    private readonly TableMapping _table;
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;
    private bool _prepared;

    public RowInserter(DbSession session, EngineDialect dialect, TableMapping table)
    {
        _table = table;
        var columns = table.Columns;
        var names = new string[columns.Length];
        var placeholders = new string[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            names[i] = dialect.Column(columns[i]);
            placeholders[i] = dialect.Sql.GenerateParameterNamePlaceholder("p" + i);
        }

        _command = session.CreateCommand(
            $"INSERT INTO {dialect.Table(table)} ({string.Join(", ", names)}) VALUES ({string.Join(", ", placeholders)})");
        _parameters = new DbParameter[columns.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = columns[i].TypeMapping.CreateParameter(_command, dialect.Sql.GenerateParameterName("p" + i), null, columns[i].IsNullable);
            _command.Parameters.Add(parameter);
            _parameters[i] = parameter;
        }
    }

    public long Inserted { get; private set; }

    public async ValueTask InsertAsync(object entity, bool async, CancellationToken cancellationToken)
    {
        var codec = _table.Codec;
        var columns = _table.Columns;
        for (var i = 0; i < columns.Length; i++)
        {
            var column = columns[i];
            var value = codec.GetValue(entity, column.PropertyIndex);
            if (column.Conversion is { } conversion)
            {
                value = conversion.ToProvider(value);
            }

            _parameters[i].Value = value ?? DBNull.Value;
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

        var affected = async ? await _command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : _command.ExecuteNonQuery();
        Inserted += affected;
    }

    public virtual ValueTask DisposeAsync() => _command.DisposeAsync();
}
