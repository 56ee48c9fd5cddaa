using System.Data;
using System.Diagnostics;
using DbPickle.Benchmarks.Shop;
using Npgsql;
using NpgsqlTypes;

namespace DbPickle.Benchmarks.Raw;

/// <summary>
/// PostgreSQL without DbPickle: binary COPY per table in one transaction, either with the foreign keys in place or with
/// the snapshot tables' foreign keys dropped before and re-created (and so re-validated) after, inside the same
/// transaction (the "atomic fast path"); and the hand-written typed reader.
/// </summary>
public static class PostgresRaw
{
    public static List<TableTime> Copy(string connectionString, ShopData data, bool dropForeignKeys, bool rebuildIndexes = false)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var times = new List<TableTime>();
        List<(string Table, string Name, string Definition)> foreignKeys = [];
        if (dropForeignKeys)
        {
            var started = Stopwatch.StartNew();
            foreignKeys = ForeignKeys(connection, transaction);
            foreach (var (table, name, _) in foreignKeys)
            {
                Execute(connection, transaction, $"ALTER TABLE {ShopTables.Quoted(table)} DROP CONSTRAINT {ShopTables.Quoted(name)}");
            }

            times.Add(new TableTime($"(drop {foreignKeys.Count} FKs)", 0, started.Elapsed.TotalSeconds));
        }

        // pg_restore's order: the data into tables without indexes, then each index built in one sorted pass.
        List<(string Drop, string Create)> indexes = [];
        if (rebuildIndexes)
        {
            var started = Stopwatch.StartNew();
            indexes = Indexes(connection, transaction);
            foreach (var (drop, _) in indexes)
            {
                Execute(connection, transaction, drop);
            }

            times.Add(new TableTime($"(drop {indexes.Count} indexes)", 0, started.Elapsed.TotalSeconds));
        }

        // With the keys in place, one COPY per table still accepts a child before its parent: non-deferrable
        // foreign keys are checked at the end of each statement. Key order is kept, as a table read back would be.
        times.Add(CopyTable(connection, ShopTables.Categories, data.Categories, static (ref CopyWriter w, Category x) => ShopTables.Write(ref w, x)));
        times.Add(CopyTable(connection, ShopTables.Tags, data.Tags, static (ref CopyWriter w, Tag x) => ShopTables.Write(ref w, x)));
        times.Add(CopyTable(connection, ShopTables.Customers, data.Customers, static (ref CopyWriter w, Customer x) => ShopTables.Write(ref w, x)));
        times.Add(CopyTable(connection, ShopTables.Products, data.Products, static (ref CopyWriter w, Product x) => ShopTables.Write(ref w, x)));
        times.Add(CopyTable(connection, ShopTables.ProductTags, data.ProductTags, static (ref CopyWriter w, ProductTag x) => ShopTables.Write(ref w, x)));
        times.Add(CopyTable(connection, ShopTables.Orders, data.Orders, static (ref CopyWriter w, Order x) => ShopTables.Write(ref w, x)));
        times.Add(CopyTable(connection, ShopTables.OrderLines, data.OrderLines, static (ref CopyWriter w, OrderLine x) => ShopTables.Write(ref w, x)));

        if (rebuildIndexes)
        {
            var started = Stopwatch.StartNew();
            foreach (var (_, create) in indexes)
            {
                Execute(connection, transaction, create);
            }

            times.Add(new TableTime($"(build {indexes.Count} indexes)", 0, started.Elapsed.TotalSeconds));
        }

        if (dropForeignKeys)
        {
            var started = Stopwatch.StartNew();
            foreach (var (table, name, definition) in foreignKeys)
            {
                Execute(connection, transaction, $"ALTER TABLE {ShopTables.Quoted(table)} ADD CONSTRAINT {ShopTables.Quoted(name)} {definition}");
            }

            times.Add(new TableTime($"(re-create {foreignKeys.Count} FKs)", 0, started.Elapsed.TotalSeconds));
        }

        var commit = Stopwatch.StartNew();
        transaction.Commit();
        times.Add(new TableTime("(commit)", 0, commit.Elapsed.TotalSeconds));
        return times;
    }

    public delegate void RowWrite<T>(ref CopyWriter writer, T row);

    private static TableTime CopyTable<T>(NpgsqlConnection connection, ShopTables.Table table, IReadOnlyList<T> rows, RowWrite<T> write)
    {
        var started = Stopwatch.StartNew();
        using (var importer = connection.BeginBinaryImport($"COPY {ShopTables.Quoted(table.Name)} ({ShopTables.ColumnList(table)}) FROM STDIN (FORMAT BINARY)"))
        {
            var writer = new CopyWriter(importer);
            for (var r = 0; r < rows.Count; r++)
            {
                importer.StartRow();
                write(ref writer, rows[r]);
            }

            importer.Complete();
        }

        return new TableTime(table.Name, rows.Count, started.Elapsed.TotalSeconds);
    }

    /// <summary>Every index on the shop's tables as statements that drop it and build it again, primary keys first.</summary>
    private static List<(string Drop, string Create)> Indexes(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        using var command = new NpgsqlCommand(
            """
            SELECT CASE WHEN c.oid IS NULL THEN format('DROP INDEX %s', i.indexrelid::regclass) ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', i.indrelid::regclass, c.conname) END,
                   CASE WHEN c.oid IS NULL THEN pg_get_indexdef(i.indexrelid) ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', i.indrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) END
            FROM pg_index i
            LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u')
            WHERE i.indrelid::regclass::text = ANY(@tables)
            ORDER BY i.indisprimary DESC, 2
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("tables", ShopTables.All.Select(t => ShopTables.Quoted(t.Name)).ToArray());
        using var reader = command.ExecuteReader();
        var indexes = new List<(string, string)>();
        while (reader.Read())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    /// <summary>Every foreign key on the shop's tables, with its definition as pg_get_constraintdef prints it.</summary>
    public static List<(string Table, string Name, string Definition)> ForeignKeys(NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        using var command = new NpgsqlCommand(
            """
            SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND c.conrelid::regclass::text = ANY(@tables)
            ORDER BY 1, 2
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("tables", ShopTables.All.Select(t => ShopTables.Quoted(t.Name)).ToArray());
        using var reader = command.ExecuteReader();
        var keys = new List<(string, string, string)>();
        while (reader.Read())
        {
            keys.Add((reader.GetString(0).Trim('"'), reader.GetString(1), reader.GetString(2)));
        }

        return keys;
    }

    public static List<TableTime> ReadAll<TSink>(string connectionString, ref TSink sink)
        where TSink : struct, IValueSink
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead); // what DbPickle's PostgreSQL dump uses
        var times = new List<TableTime>();
        foreach (var table in ShopTables.All)
        {
            var started = Stopwatch.StartNew();
            using var command = new NpgsqlCommand(ShopTables.SelectAll(table), connection, transaction);
            using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
            var rows = ShopTables.ReadAll(table, reader, ref sink);
            times.Add(new TableTime(table.Name, rows, started.Elapsed.TotalSeconds));
        }

        transaction.Commit();
        return times;
    }

    /// <summary>
    /// Every table through <c>COPY … TO STDOUT (FORMAT BINARY)</c>, read as raw bytes: each field's length and bytes
    /// walked, no value converted. The lower bound of any reader of the same rows.
    /// </summary>
    public static List<TableTime> CopyOutAll<TSink>(string connectionString, ref TSink sink)
        where TSink : struct, IValueSink
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.RepeatableRead);
        var times = new List<TableTime>();
        var buffer = new byte[64 * 1024];
        foreach (var table in ShopTables.All)
        {
            var started = Stopwatch.StartNew();
            var columns = string.Join(", ", table.Columns.Select(ShopTables.Quoted));
            long rows = 0;
            using (var stream = connection.BeginRawBinaryCopy($"COPY {ShopTables.Quoted(table.Name)} ({columns}) TO STDOUT (FORMAT BINARY)"))
            {
                var reader = new CopyOutReader(stream, buffer);
                reader.Skip(11 + 4);
                reader.Skip(reader.Int32());
                while (true)
                {
                    var fields = reader.Int16();
                    if (fields < 0)
                    {
                        break;
                    }

                    for (var f = 0; f < fields; f++)
                    {
                        var length = reader.Int32();
                        sink.Value(length);
                        if (length > 0)
                        {
                            reader.Skip(length);
                        }
                    }

                    sink.EndRow();
                    rows++;
                }
            }

            times.Add(new TableTime(table.Name, rows, started.Elapsed.TotalSeconds));
        }

        transaction.Commit();
        return times;
    }

    /// <summary>Big-endian reads over a stream through a reused buffer.</summary>
    private sealed class CopyOutReader(Stream stream, byte[] buffer)
    {
        private int _start;
        private int _end;

        public short Int16()
        {
            Ensure(2);
            var value = System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(buffer.AsSpan(_start));
            _start += 2;
            return value;
        }

        public int Int32()
        {
            Ensure(4);
            var value = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(_start));
            _start += 4;
            return value;
        }

        public void Skip(int count)
        {
            while (count > 0)
            {
                if (_start == _end)
                {
                    Fill();
                }

                var step = Math.Min(count, _end - _start);
                _start += step;
                count -= step;
            }
        }

        private void Ensure(int count)
        {
            while (_end - _start < count)
            {
                Fill();
            }
        }

        private void Fill()
        {
            Buffer.BlockCopy(buffer, _start, buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
            var read = stream.Read(buffer, _end, buffer.Length - _end);
            if (read == 0)
            {
                throw new EndOfStreamException();
            }

            _end += read;
        }
    }

    public static void Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        command.CommandTimeout = 0;
        command.ExecuteNonQuery();
    }

    /// <summary>Writes one row's values to a binary COPY stream with their exact PostgreSQL types (no boxing).</summary>
    public readonly struct CopyWriter(NpgsqlBinaryImporter importer) : IRowWriter
    {
        public void Int(int value) => importer.Write(value, NpgsqlDbType.Integer);

        public void Int(int? value)
        {
            if (value is { } v)
            {
                importer.Write(v, NpgsqlDbType.Integer);
            }
            else
            {
                importer.WriteNull();
            }
        }

        public void Text(string value) => importer.Write(value, NpgsqlDbType.Text);

        public void TextOrNull(string? value)
        {
            if (value is not null)
            {
                importer.Write(value, NpgsqlDbType.Text);
            }
            else
            {
                importer.WriteNull();
            }
        }

        public void Fixed(string value) => importer.Write(value, NpgsqlDbType.Char);

        public void Decimal(decimal value) => importer.Write(value, NpgsqlDbType.Numeric);

        public void Decimal(decimal? value)
        {
            if (value is { } v)
            {
                importer.Write(v, NpgsqlDbType.Numeric);
            }
            else
            {
                importer.WriteNull();
            }
        }

        public void Timestamp(DateTime value) => importer.Write(value, NpgsqlDbType.TimestampTz);

        public void Timestamp(DateTime? value)
        {
            if (value is { } v)
            {
                importer.Write(v, NpgsqlDbType.TimestampTz);
            }
            else
            {
                importer.WriteNull();
            }
        }

        public void Date(DateOnly? value)
        {
            if (value is { } v)
            {
                importer.Write(v, NpgsqlDbType.Date);
            }
            else
            {
                importer.WriteNull();
            }
        }

        public void Bool(bool value) => importer.Write(value, NpgsqlDbType.Boolean);

        public void Double(double? value)
        {
            if (value is { } v)
            {
                importer.Write(v, NpgsqlDbType.Double);
            }
            else
            {
                importer.WriteNull();
            }
        }

        public void Uuid(Guid value) => importer.Write(value, NpgsqlDbType.Uuid);
    }
}
