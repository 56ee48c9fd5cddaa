using System.Data;
using System.Diagnostics;
using DbPickle.Benchmarks.Shop;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SQLitePCL;
using System.Text;

namespace DbPickle.Benchmarks.Raw;

/// <summary>
/// SQLite without DbPickle: the hand-written prepared INSERT (one per table, reused for every row) in one transaction,
/// on the connection EF Core opened (so foreign keys are enforced as EF leaves them), with a 256 MiB page cache; and
/// the hand-written typed reader.
/// </summary>
public static class SqliteRaw
{
    public const int CacheKiB = 256 * 1024;

    /// <summary>
    /// Inserts every row; returns per-table (rows, seconds). Categories go parents first (foreign keys are immediate).
    /// <paramref name="cApi"/>: bind and step through SQLite's C API (SQLitePCLRaw) instead of Microsoft.Data.Sqlite's
    /// parameters, with the same stored text (the faster of the two hand-written limits).
    /// </summary>
    public static List<TableTime> Insert(ShopContext db, ShopData data, bool cApi = false)
    {
        db.Database.OpenConnection();
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            using (var pragma = connection.CreateCommand())
            {
                pragma.CommandText = $"PRAGMA cache_size = -{CacheKiB}";
                pragma.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction();
            var times = cApi
                ? InsertAll<CApiWriter, CApiTables>(new CApiTables(connection), data)
                : InsertAll<ParameterWriter, ParameterTables>(new ParameterTables(connection, transaction), data);
            var commit = Stopwatch.StartNew();
            transaction.Commit();
            times.Add(new TableTime("(commit)", 0, commit.Elapsed.TotalSeconds));
            return times;
        }
        finally
        {
            db.Database.CloseConnection();
        }
    }

    public delegate void RowWrite<TWriter, T>(ref TWriter writer, T row);

    /// <summary>Inserts one table's rows with one prepared statement, through a given API.</summary>
    private interface ITableInserter<TWriter>
        where TWriter : struct, IRowWriter
    {
        TableTime Insert<T>(ShopTables.Table table, IReadOnlyList<T> rows, RowWrite<TWriter, T> write);
    }

    private static List<TableTime> InsertAll<TWriter, TInserter>(TInserter inserter, ShopData data)
        where TWriter : struct, IRowWriter
        where TInserter : ITableInserter<TWriter> =>
    [
        inserter.Insert(ShopTables.Categories, ParentsFirst(data.Categories), static (ref TWriter w, Category x) => ShopTables.Write(ref w, x)),
        inserter.Insert(ShopTables.Tags, data.Tags, static (ref TWriter w, Tag x) => ShopTables.Write(ref w, x)),
        inserter.Insert(ShopTables.Customers, data.Customers, static (ref TWriter w, Customer x) => ShopTables.Write(ref w, x)),
        inserter.Insert(ShopTables.Products, data.Products, static (ref TWriter w, Product x) => ShopTables.Write(ref w, x)),
        inserter.Insert(ShopTables.ProductTags, data.ProductTags, static (ref TWriter w, ProductTag x) => ShopTables.Write(ref w, x)),
        inserter.Insert(ShopTables.Orders, data.Orders, static (ref TWriter w, Order x) => ShopTables.Write(ref w, x)),
        inserter.Insert(ShopTables.OrderLines, data.OrderLines, static (ref TWriter w, OrderLine x) => ShopTables.Write(ref w, x)),
    ];

    /// <summary>Through SQLite's C API: typed binds by index, one prepared statement stepped and reset per row.</summary>
    private readonly struct CApiTables(SqliteConnection connection) : ITableInserter<CApiWriter>
    {
        public TableTime Insert<T>(ShopTables.Table table, IReadOnlyList<T> rows, RowWrite<CApiWriter, T> write)
        {
            var started = Stopwatch.StartNew();
            var db = connection.Handle!;
            var sql = $"INSERT INTO {ShopTables.Quoted(table.Name)} ({ShopTables.ColumnList(table)}) VALUES ({string.Join(", ", table.Columns.Select(_ => "?"))})";
            if (raw.sqlite3_prepare_v2(db, sql, out var statement) != raw.SQLITE_OK)
            {
                throw new InvalidOperationException(raw.sqlite3_errmsg(db).utf8_to_string());
            }

            using (statement)
            {
                var writer = new CApiWriter(statement);
                for (var r = 0; r < rows.Count; r++)
                {
                    writer.Index = 1;
                    write(ref writer, rows[r]);
                    if (raw.sqlite3_step(statement) != raw.SQLITE_DONE)
                    {
                        throw new InvalidOperationException(raw.sqlite3_errmsg(db).utf8_to_string());
                    }

                    raw.sqlite3_reset(statement);
                }
            }

            return new TableTime(table.Name, rows.Count, started.Elapsed.TotalSeconds);
        }
    }

    /// <summary>Through Microsoft.Data.Sqlite: a prepared command whose parameters are set per row.</summary>
    private readonly struct ParameterTables(SqliteConnection connection, SqliteTransaction transaction) : ITableInserter<ParameterWriter>
    {
        public TableTime Insert<T>(ShopTables.Table table, IReadOnlyList<T> rows, RowWrite<ParameterWriter, T> write)
            => InsertTable(connection, transaction, table, rows, write);
    }

    private static TableTime InsertTable<T>(SqliteConnection connection, SqliteTransaction transaction, ShopTables.Table table, IReadOnlyList<T> rows, RowWrite<ParameterWriter, T> write)
    {
        var started = Stopwatch.StartNew();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO {ShopTables.Quoted(table.Name)} ({ShopTables.ColumnList(table)}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => "$p" + i))})";
        var parameters = new SqliteParameter[table.Columns.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            // No explicit SqliteType: Microsoft.Data.Sqlite infers it from each value, as it does for EF Core's parameters.
            parameters[i] = command.Parameters.Add(new SqliteParameter { ParameterName = "$p" + i });
        }

        command.Prepare();
        var writer = new ParameterWriter(parameters);
        for (var r = 0; r < rows.Count; r++)
        {
            writer.Index = 0;
            write(ref writer, rows[r]);
            command.ExecuteNonQuery();
        }

        return new TableTime(table.Name, rows.Count, started.Elapsed.TotalSeconds);
    }

    /// <summary>Reads every column of every table with typed reads in one deferred transaction; per-table (rows, seconds).</summary>
    public static List<TableTime> ReadAll<TSink>(string path, ref TSink sink)
        where TSink : struct, IValueSink
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadUncommitted); // plain BEGIN, like DbPickle's dump
        var times = new List<TableTime>();
        foreach (var table in ShopTables.All)
        {
            var started = Stopwatch.StartNew();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = ShopTables.SelectAll(table);
            using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
            var rows = ShopTables.ReadAll(table, reader, ref sink);
            times.Add(new TableTime(table.Name, rows, started.Elapsed.TotalSeconds));
        }

        transaction.Commit();
        return times;
    }

    /// <summary>
    /// The same scan through SQLite's C API: every column's value as SQLite holds it (an integer, a real, UTF-8 text or
    /// blob bytes), with no conversion to .NET types. The lower bound of any reader, whatever it does with the values.
    /// </summary>
    public static List<TableTime> ReadAllCApi<TSink>(string path, ref TSink sink)
        where TSink : struct, IValueSink
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadUncommitted);
        var db = connection.Handle!;
        var times = new List<TableTime>();
        foreach (var table in ShopTables.All)
        {
            var started = Stopwatch.StartNew();
            if (raw.sqlite3_prepare_v2(db, ShopTables.SelectAll(table), out var statement) != raw.SQLITE_OK)
            {
                throw new InvalidOperationException(raw.sqlite3_errmsg(db).utf8_to_string());
            }

            long rows = 0;
            using (statement)
            {
                var columns = raw.sqlite3_column_count(statement);
                int rc;
                while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
                {
                    for (var c = 0; c < columns; c++)
                    {
                        switch (raw.sqlite3_column_type(statement, c))
                        {
                            case raw.SQLITE_INTEGER:
                                sink.Value(raw.sqlite3_column_int64(statement, c));
                                break;
                            case raw.SQLITE_FLOAT:
                                sink.Value(raw.sqlite3_column_double(statement, c));
                                break;
                            case raw.SQLITE_TEXT:
                                var text = raw.sqlite3_column_text(statement, c);
                                sink.Value(System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(
                                    ref System.Runtime.CompilerServices.Unsafe.AsRef(in text.GetPinnableReference()), raw.sqlite3_column_bytes(statement, c)).Length);
                                break;
                            case raw.SQLITE_BLOB:
                                sink.Value(raw.sqlite3_column_blob(statement, c).Length);
                                break;
                            default:
                                sink.Value(0);
                                break;
                        }
                    }

                    sink.EndRow();
                    rows++;
                }

                if (rc != raw.SQLITE_DONE)
                {
                    throw new InvalidOperationException(raw.sqlite3_errmsg(db).utf8_to_string());
                }
            }

            times.Add(new TableTime(table.Name, rows, started.Elapsed.TotalSeconds));
        }

        transaction.Commit();
        return times;
    }

    /// <summary>Categories ordered so that every parent precedes its children (breadth first from the roots).</summary>
    public static List<Category> ParentsFirst(List<Category> categories)
    {
        var children = categories.Where(c => c.ParentId is not null).ToLookup(c => c.ParentId!.Value);
        var ordered = new List<Category>(categories.Count);
        var queue = new Queue<Category>(categories.Where(c => c.ParentId is null));
        while (queue.Count > 0)
        {
            var next = queue.Dequeue();
            ordered.Add(next);
            foreach (var child in children[next.Id])
            {
                queue.Enqueue(child);
            }
        }

        return ordered;
    }

    /// <summary>Sets the prepared command's parameters; SQLite's storage classes follow EF Core's (TEXT dates, decimals, GUIDs).</summary>
    public struct ParameterWriter(SqliteParameter[] parameters) : IRowWriter
    {
        public int Index;

        public void Int(int value) => parameters[Index++].Value = value;

        public void Int(int? value) => parameters[Index++].Value = value is { } v ? v : DBNull.Value;

        public void Text(string value) => parameters[Index++].Value = value;

        public void TextOrNull(string? value) => parameters[Index++].Value = (object?)value ?? DBNull.Value;

        public void Fixed(string value) => parameters[Index++].Value = value;

        public void Decimal(decimal value) => parameters[Index++].Value = value;

        public void Decimal(decimal? value) => parameters[Index++].Value = value is { } v ? v : DBNull.Value;

        public void Timestamp(DateTime value) => parameters[Index++].Value = value;

        public void Timestamp(DateTime? value) => parameters[Index++].Value = value is { } v ? v : DBNull.Value;

        public void Date(DateOnly? value) => parameters[Index++].Value = value is { } v ? v : DBNull.Value;

        public void Bool(bool value) => parameters[Index++].Value = value;

        public void Double(double? value) => parameters[Index++].Value = value is { } v ? v : DBNull.Value;

        public void Uuid(Guid value) => parameters[Index++].Value = value;
    }
}

/// <summary>
/// Binds straight to the statement; values stored as Microsoft.Data.Sqlite stores them for EF Core (dates as
/// <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>, decimals as text, GUIDs as upper-case text), formatted into stack buffers.
/// </summary>
public struct CApiWriter(sqlite3_stmt statement) : IRowWriter
{
    public int Index;

    public void Int(int value) => raw.sqlite3_bind_int64(statement, Index++, value);

    public void Int(int? value)
    {
        if (value is { } v)
        {
            Int(v);
        }
        else
        {
            raw.sqlite3_bind_null(statement, Index++);
        }
    }

    public void Text(string value)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        var length = Encoding.UTF8.GetBytes(value, utf8);
        if (length == 0)
        {
            raw.sqlite3_bind_text(statement, Index++, string.Empty);
        }
        else
        {
            raw.sqlite3_bind_text(statement, Index++, utf8[..length]);
        }
    }

    public void TextOrNull(string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(statement, Index++);
        }
        else
        {
            Text(value);
        }
    }

    public void Fixed(string value) => Text(value);

    public void Decimal(decimal value) => Formatted(value, "0.0###########################");

    public void Decimal(decimal? value)
    {
        if (value is { } v)
        {
            Decimal(v);
        }
        else
        {
            raw.sqlite3_bind_null(statement, Index++);
        }
    }

    public void Timestamp(DateTime value) => Formatted(value, @"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF");

    public void Timestamp(DateTime? value)
    {
        if (value is { } v)
        {
            Timestamp(v);
        }
        else
        {
            raw.sqlite3_bind_null(statement, Index++);
        }
    }

    public void Date(DateOnly? value)
    {
        if (value is { } v)
        {
            Formatted(v, @"yyyy\-MM\-dd");
        }
        else
        {
            raw.sqlite3_bind_null(statement, Index++);
        }
    }

    public void Bool(bool value) => raw.sqlite3_bind_int64(statement, Index++, value ? 1 : 0);

    public void Double(double? value)
    {
        if (value is { } v)
        {
            raw.sqlite3_bind_double(statement, Index++, v);
        }
        else
        {
            raw.sqlite3_bind_null(statement, Index++);
        }
    }

    public void Uuid(Guid value)
    {
        Span<byte> utf8 = stackalloc byte[36];
        value.TryFormat(utf8, out _, "D");
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] is >= (byte)'a' and <= (byte)'f')
            {
                utf8[i] -= 'a' - 'A';
            }
        }

        raw.sqlite3_bind_text(statement, Index++, utf8);
    }

    private void Formatted<TValue>(TValue value, string format)
        where TValue : IUtf8SpanFormattable
    {
        Span<byte> utf8 = stackalloc byte[64];
        value.TryFormat(utf8, out var length, format, System.Globalization.CultureInfo.InvariantCulture);
        raw.sqlite3_bind_text(statement, Index++, utf8[..length]);
    }
}

public sealed record TableTime(string Table, long Rows, double Seconds);
