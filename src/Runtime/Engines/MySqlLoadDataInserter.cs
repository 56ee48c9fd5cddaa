using System.Buffers;
using System.Buffers.Text;
using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using DbPickle.Execution;
using DbPickle.Infrastructure;
using DbPickle.Model;

namespace DbPickle.Engines;

/// <summary>
/// MariaDB's and MySQL's fastest insert: rows are streamed to a temporary tab-separated file which
/// <c>LOAD DATA LOCAL INFILE</c>, sent as plain SQL on the load's own connection and transaction, reads back (the client
/// library uploads the file when its connection string allows it, see <see cref="MySqlDialect"/>). About 2.4× the
/// rows per second of <see cref="BatchInserter"/> (PERFORMANCE.md).
/// </summary>
/// <remarks>
/// <para>
/// Every value is written as the text MySql.Data puts into a batch INSERT for the same parameter, so the server
/// converts the same text the same way and the stored rows are identical: doubles and floats in shortest round-trip
/// form, decimals and integers in the invariant culture, dates as <c>yyyy-MM-dd HH:mm:ss.ffffff</c> (microseconds,
/// truncated; a DateTimeOffset as its UTC clock time), time spans as <c>[-]d hh:mm:ss.ffffff</c>, GUIDs in their
/// 36-character form, bools as 1 and 0. Text is UTF-8 (<c>CHARACTER SET utf8mb4</c>) and binaries are their raw bytes:
/// the server does not convert the bytes of a binary column. Tab, newline, backslash and NUL are escaped with a
/// backslash, and NULL is <c>\N</c>, so any value survives the field and line separators. A column of any other type
/// sends its table through batches (<see cref="TryCreate"/>).
/// </para>
/// <para>
/// <c>LOCAL</c> implies <c>IGNORE</c> (the server cannot stop the client's upload half-way): a value too long, a
/// duplicate key, anything strict mode would refuse in an INSERT, becomes a warning and the row is truncated or
/// skipped. So every statement is followed by <c>SHOW WARNINGS</c>, and any warning or error, or fewer rows than were
/// written, fails the load, naming the row (the warning's "at row N" counts lines of the file) and column. Notes (a
/// decimal rounded to its column's scale) are what an INSERT accepts silently too, and pass.
/// </para>
/// <para>
/// Memory is bounded by a small write buffer; temporary disk by <see cref="SliceBytes"/> (<see cref="LoadOptions.LoadDataSliceBytes"/>): a larger table is loaded in
/// several statements, each file deleted as soon as its statement ended (and on failure or cancellation, when the
/// inserter is disposed).
/// </para>
/// </remarks>
internal sealed partial class MySqlLoadDataInserter : TableInserter
{
    /// <summary>A table's file is loaded and deleted when it reaches this size, so a load never needs more temporary disk.</summary>
    internal const long SliceBytes = 64L * 1024 * 1024;

    /// <summary>Formatted rows are written to the file in pieces of about this size.</summary>
    private const int WriteChunk = 256 * 1024;

    /// <summary>Longest formatted number or date (a 29-digit decimal with sign and point is 31 bytes).</summary>
    private const int FormattedMax = 64;

    /// <summary>The bytes that must be escaped inside a field: NUL, tab (field separator), newline (line separator), backslash (escape).</summary>
    private static readonly SearchValues<byte> s_special = SearchValues.Create([0, (byte)'\t', (byte)'\n', (byte)'\\']);

    private readonly DbSession _session;
    private readonly string _directory;
    private readonly string _sqlAfterPath;
    private readonly bool _noBackslashEscapes;
    private byte[] _buffer = new byte[WriteChunk + (WriteChunk / 4)];
    private int _length;
    private FileStream? _file;
    private string? _path;
    private long _fileBytes;
    private long _sliceFirstRow;
    private long _sliceRows;
    private readonly long _sliceBytes;

    private MySqlLoadDataInserter(DbSession session, EngineDialect dialect, TableMapping table, string directory, bool noBackslashEscapes, long sliceBytes)
        : base(table)
    {
        _session = session;
        _sliceBytes = sliceBytes;
        _directory = directory;
        _noBackslashEscapes = noBackslashEscapes;

        // Separators as hexadecimal literals: they mean the same whether or not sql_mode has NO_BACKSLASH_ESCAPES.
        _sqlAfterPath = $"' INTO TABLE {dialect.Table(table)} CHARACTER SET utf8mb4 FIELDS TERMINATED BY X'09' ESCAPED BY X'5C' LINES TERMINATED BY X'0A' "
            + $"({string.Join(", ", table.Columns.Select(dialect.Column))})";
    }

    public override string PathName => "LOAD DATA LOCAL INFILE (temporary files)";

    /// <summary>
    /// The inserter for <paramref name="table"/>, or null when a column's provider type is one this path does not write
    /// exactly as MySql.Data's parameters do (then the table goes through batches).
    /// </summary>
    public static MySqlLoadDataInserter? TryCreate(
        DbSession session, EngineDialect dialect, TableMapping table, string directory, bool noBackslashEscapes, long sliceBytes)
    {
        foreach (var column in table.Columns)
        {
            if (!Supports(column))
            {
                return null;
            }
        }

        return new MySqlLoadDataInserter(session, dialect, table, directory, noBackslashEscapes, sliceBytes);
    }

    private static bool Supports(ColumnMapping column)
    {
        var mapping = column.TypeMapping;
        var type = mapping.Converter?.ProviderClrType ?? mapping.ClrType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            // No converter to a number: what the client library would send is not worth guessing.
            return false;
        }

        switch (Type.GetTypeCode(type))
        {
            case TypeCode.Boolean or TypeCode.SByte or TypeCode.Byte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32
                or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 or TypeCode.Single or TypeCode.Double or TypeCode.Decimal
                or TypeCode.String or TypeCode.DateTime:
                return true;
        }

        if (type == typeof(Guid))
        {
            // char(36) holds the text form; a binary(16) mapping (MySql.Data's OldGuids) stores bytes in the client's order.
            return mapping.StoreTypeNameBase.Contains("char", StringComparison.OrdinalIgnoreCase);
        }

        return type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(TimeSpan) || type == typeof(byte[]);
    }

    public override async ValueTask InsertAsync(object entity, bool async, CancellationToken cancellationToken)
    {
        var start = _length;
        var columns = Table.Columns;
        var column = 0;
        try
        {
            for (; column < columns.Length; column++)
            {
                if (column > 0)
                {
                    Append((byte)'\t');
                }

                var mapping = columns[column];
                var visitor = new Visitor(this);
                if (mapping.Conversion is null)
                {
                    // Completes synchronously: the visitor only formats into the buffer.
                    Table.Codec.AcceptValue(visitor, entity, mapping.PropertyIndex).GetAwaiter().GetResult();
                }
                else if (Table.ProviderValue(mapping, entity) is { } value)
                {
                    WriteValue(value);
                }
                else
                {
                    WriteNull();
                }
            }

            Append((byte)'\n');
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not SnapshotException)
        {
            _length = start;
            throw ColumnFailed(entity, column, exception);
        }

        _sliceRows++;
        if (_length >= WriteChunk)
        {
            await WriteBufferAsync(async, cancellationToken).ConfigureAwait(false);
            if (_fileBytes >= _sliceBytes)
            {
                await LoadFileAsync(async, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public override async ValueTask CompleteAsync(bool async, CancellationToken cancellationToken)
    {
        if (_sliceRows > 0)
        {
            await LoadFileAsync(async, cancellationToken).ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        // After a failure or cancellation: the file must not outlive the load.
        if (_file is not null)
        {
            await _file.DisposeAsync().ConfigureAwait(false);
            _file = null;
        }

        DeleteFile();
    }

    private async ValueTask WriteBufferAsync(bool async, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            _path = Path.Combine(_directory, $"dbpickle-{Guid.NewGuid():N}.load");
            // The client library opens the file by its name to upload it.
            _file = PrivateFile.Create(_path, FileAccess.Write, FileShare.Read, 0, async ? FileOptions.Asynchronous : FileOptions.None);
        }

        if (async)
        {
            await _file.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _file.Write(_buffer, 0, _length);
        }

        _fileBytes += _length;
        _length = 0;
    }

    /// <summary>Loads the rows written so far with one <c>LOAD DATA</c> statement, checks what the server said, and deletes the file.</summary>
    private async ValueTask LoadFileAsync(bool async, CancellationToken cancellationToken)
    {
        try
        {
            if (_length > 0 || _file is null)
            {
                await WriteBufferAsync(async, cancellationToken).ConfigureAwait(false);
            }

            var file = _file!;
            _file = null;
            if (async)
            {
                await file.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                file.Dispose();
            }

            long loaded;
            await using (var command = _session.CreateCommand("LOAD DATA LOCAL INFILE '" + Escape(_path!) + _sqlAfterPath))
            {
                try
                {
                    loaded = async ? await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteNonQuery();
                }
                catch (DbException exception)
                {
                    throw Failure(exception.Message, exception);
                }
            }

            await CheckWarningsAsync(loaded, async, cancellationToken).ConfigureAwait(false);
            Inserted += loaded;
        }
        finally
        {
            DeleteFile();
        }

        _sliceFirstRow += _sliceRows;
        _sliceRows = 0;
        _fileBytes = 0;
    }

    /// <summary>
    /// Fails on any warning or error of the statement just run, or on rows that went missing without one: under
    /// <c>LOCAL</c> the server reports refused values only this way.
    /// </summary>
    private async ValueTask CheckWarningsAsync(long loaded, bool async, CancellationToken cancellationToken)
    {
        string? problem = null;
        await using (var command = _session.CreateCommand("SHOW WARNINGS"))
        await using (var reader = async ? await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false) : command.ExecuteReader())
        {
            // Columns: Level, Code, Message. The first warning is the one that explains the rest.
            while (problem is null && (async ? await reader.ReadAsync(cancellationToken).ConfigureAwait(false) : reader.Read()))
            {
                if (!string.Equals(reader.GetString(0), "Note", StringComparison.OrdinalIgnoreCase))
                {
                    problem = reader.GetString(2);
                }
            }
        }

        if (problem is not null)
        {
            throw Failure(problem, null);
        }

        if (loaded != _sliceRows)
        {
            throw Failure($"The server stored {loaded} of the {_sliceRows} rows sent, and gave no reason.", null);
        }
    }

    /// <summary>The load's error for <paramref name="message"/>, naming the row and column the server named when it did.</summary>
    private SnapshotException Failure(string message, Exception? inner)
    {
        var text = message.EndsWith('.') ? message : message + ".";
        var row = RowNumber().Match(message) is { Success: true } match
            && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= _sliceRows
            ? RowAt?.Invoke(_sliceFirstRow + number)
            : null;
        var column = ColumnName().Match(message) is { Success: true } named
            ? Array.Find(Table.Columns, c => string.Equals(c.ColumnName, named.Groups[1].Value, StringComparison.OrdinalIgnoreCase))
            : null;
        var where = row is null
            ? $"Loading rows {_sliceFirstRow + 1} to {_sliceFirstRow + _sliceRows} into table '{Table.DisplayName}'"
            : column is null
                ? $"Inserting row [{Table.DescribeKey(row)}] into table '{Table.DisplayName}'"
                : $"Writing column '{column.PropertyName}' of row [{Table.DescribeKey(row)}] into table '{Table.DisplayName}'";
        return new SnapshotException($"{where} failed: {text} Nothing was changed.", inner);
    }

    /// <summary>The path as a string literal's contents: backslashes are literal under <c>NO_BACKSLASH_ESCAPES</c>.</summary>
    private string Escape(string path)
    {
        var quoted = path.Replace("'", "''", StringComparison.Ordinal);
        return _noBackslashEscapes ? quoted : quoted.Replace("\\", "\\\\", StringComparison.Ordinal);
    }

    private void DeleteFile()
    {
        if (_path is null)
        {
            return;
        }

        try
        {
            File.Delete(_path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The load's outcome does not depend on it; the name says what it was (dbpickle-*.load).
        }

        _path = null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Span<byte> Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
        }

        return _buffer.AsSpan(_length);
    }

    private void Append(byte value)
    {
        Reserve(1)[0] = value;
        _length++;
    }

    private void Append(ReadOnlySpan<byte> value)
    {
        value.CopyTo(Reserve(value.Length));
        _length += value.Length;
    }

    private void WriteNull() => Append(@"\N"u8);

    /// <summary>Writes <paramref name="count"/> bytes just placed at the end of the buffer, escaping the special ones in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CommitEscaped(int count)
    {
        var written = _buffer.AsSpan(_length, count);
        var first = written.IndexOfAny(s_special);
        if (first < 0)
        {
            _length += count;
            return;
        }

        var extra = 0;
        for (var i = first; i < written.Length; i++)
        {
            if (s_special.Contains(written[i]))
            {
                extra++;
            }
        }

        // Callers reserved twice the raw length, so the escaped form fits; move bytes right, from the end.
        var read = _length + count - 1;
        var write = read + extra;
        var stop = _length + first;
        while (read >= stop)
        {
            var b = _buffer[read--];
            switch (b)
            {
                case 0:
                    _buffer[write--] = (byte)'0';
                    _buffer[write--] = (byte)'\\';
                    break;
                case (byte)'\t':
                    _buffer[write--] = (byte)'t';
                    _buffer[write--] = (byte)'\\';
                    break;
                case (byte)'\n':
                    _buffer[write--] = (byte)'n';
                    _buffer[write--] = (byte)'\\';
                    break;
                case (byte)'\\':
                    _buffer[write--] = (byte)'\\';
                    _buffer[write--] = (byte)'\\';
                    break;
                default:
                    _buffer[write--] = b;
                    break;
            }
        }

        _length += count + extra;
    }

    private void WriteText(string value)
    {
        var bytes = Encoding.UTF8.GetByteCount(value);
        var written = Encoding.UTF8.GetBytes(value, Reserve(2 * bytes));
        CommitEscaped(written);
    }

    private void WriteBytes(byte[] value)
    {
        value.CopyTo(Reserve(2 * value.Length));
        CommitEscaped(value.Length);
    }

    private void WriteFormatted<T>(T value, ReadOnlySpan<char> format)
        where T : IUtf8SpanFormattable
    {
        if (!value.TryFormat(Reserve(FormattedMax), out var written, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"Could not format the value {value} as text.");
        }

        _length += written;
    }

    private void WriteInteger(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(FormattedMax), out var written);
        _length += written;
    }

    private void WriteInteger(ulong value)
    {
        Utf8Formatter.TryFormat(value, Reserve(FormattedMax), out var written);
        _length += written;
    }

    /// <summary><c>yyyy-MM-dd HH:mm:ss.ffffff</c>: MySql.Data's text for a DATETIME parameter, microseconds truncated.</summary>
    private void WriteDateTime(DateTime value)
    {
        var span = Reserve(FormattedMax);
        var length = FormatDate(span, value.Year, value.Month, value.Day);
        span[length++] = (byte)' ';
        length += FormatTime(span[length..], value.Hour, value.Minute, value.Second, (value.Ticks % TimeSpan.TicksPerSecond) / 10);
        _length += length;
    }

    private void WriteDate(DateOnly value)
    {
        _length += FormatDate(Reserve(FormattedMax), value.Year, value.Month, value.Day);
    }

    /// <summary><c>[-]d hh:mm:ss.ffffff</c>: MySql.Data's text for a TIME parameter, microseconds truncated towards zero.</summary>
    private void WriteTimeSpan(long ticks)
    {
        var span = Reserve(FormattedMax);
        var length = 0;
        if (ticks < 0)
        {
            span[length++] = (byte)'-';
        }

        // TimeSpan.MinValue has no positive counterpart in long.
        var magnitude = ticks < 0 ? (ulong)(-(ticks + 1)) + 1 : (ulong)ticks;
        var microseconds = magnitude / 10;
        var seconds = microseconds / 1_000_000;
        Utf8Formatter.TryFormat(seconds / 86_400, span[length..], out var written);
        length += written;
        span[length++] = (byte)' ';
        length += FormatTime(span[length..], (int)(seconds / 3600 % 24), (int)(seconds / 60 % 60), (int)(seconds % 60), (long)(microseconds % 1_000_000));
        _length += length;
    }

    private static int FormatDate(Span<byte> span, int year, int month, int day)
    {
        Digits(span, year, 4);
        span[4] = (byte)'-';
        Digits(span[5..], month, 2);
        span[7] = (byte)'-';
        Digits(span[8..], day, 2);
        return 10;
    }

    private static int FormatTime(Span<byte> span, int hour, int minute, int second, long microseconds)
    {
        Digits(span, hour, 2);
        span[2] = (byte)':';
        Digits(span[3..], minute, 2);
        span[5] = (byte)':';
        Digits(span[6..], second, 2);
        span[8] = (byte)'.';
        Digits(span[9..], (int)microseconds, 6);
        return 15;
    }

    private static void Digits(Span<byte> span, int value, int count)
    {
        for (var i = count - 1; i >= 0; i--)
        {
            span[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }

    /// <summary>A value that arrived boxed (after a value converter).</summary>
    private void WriteValue(object value)
    {
        var visitor = new Visitor(this);
        switch (value)
        {
            case bool v: visitor.Write(v); break;
            case sbyte v: visitor.Write(v); break;
            case byte v: visitor.Write(v); break;
            case short v: visitor.Write(v); break;
            case ushort v: visitor.Write(v); break;
            case int v: visitor.Write(v); break;
            case uint v: visitor.Write(v); break;
            case long v: visitor.Write(v); break;
            case ulong v: visitor.Write(v); break;
            case float v: visitor.Write(v); break;
            case double v: visitor.Write(v); break;
            case decimal v: visitor.Write(v); break;
            case string v: visitor.Write(v); break;
            case DateTime v: visitor.Write(v); break;
            case DateTimeOffset v: visitor.Write(v); break;
            case DateOnly v: visitor.Write(v); break;
            case TimeOnly v: visitor.Write(v); break;
            case TimeSpan v: visitor.Write(v); break;
            case Guid v: visitor.Write(v); break;
            case byte[] v: visitor.Write(v); break;
            default: throw new InvalidOperationException($"LOAD DATA cannot write a value of type {value.GetType()}.");
        }
    }

    [GeneratedRegex(@"\bat row (\d+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RowNumber();

    [GeneratedRegex(@"\bcolumn '([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex ColumnName();

    /// <summary>Formats one value with its static type, without boxing.</summary>
    private readonly struct Visitor(MySqlLoadDataInserter inserter) : IValueVisitor
    {
        public ValueTask Visit<T>(T value)
        {
            Write(value);
            return ValueTask.CompletedTask;
        }

        public ValueTask VisitNull()
        {
            inserter.WriteNull();
            return ValueTask.CompletedTask;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Write<T>(T value)
        {
            if (typeof(T) == typeof(object))
            {
                inserter.WriteValue(value!);
                return;
            }

            switch (Type.GetTypeCode(typeof(T)))
            {
                case TypeCode.Boolean:
                    inserter.Append(Unsafe.As<T, bool>(ref value) ? (byte)'1' : (byte)'0');
                    return;
                case TypeCode.SByte:
                    inserter.WriteInteger(Unsafe.As<T, sbyte>(ref value));
                    return;
                case TypeCode.Byte:
                    inserter.WriteInteger(Unsafe.As<T, byte>(ref value));
                    return;
                case TypeCode.Int16:
                    inserter.WriteInteger(Unsafe.As<T, short>(ref value));
                    return;
                case TypeCode.UInt16:
                    inserter.WriteInteger(Unsafe.As<T, ushort>(ref value));
                    return;
                case TypeCode.Int32:
                    inserter.WriteInteger(Unsafe.As<T, int>(ref value));
                    return;
                case TypeCode.UInt32:
                    inserter.WriteInteger(Unsafe.As<T, uint>(ref value));
                    return;
                case TypeCode.Int64:
                    inserter.WriteInteger(Unsafe.As<T, long>(ref value));
                    return;
                case TypeCode.UInt64:
                    inserter.WriteInteger(Unsafe.As<T, ulong>(ref value));
                    return;
                case TypeCode.Single:
                    // Shortest round-trip text, as MySql.Data writes it; the server parses it as the same float.
                    inserter.WriteFormatted(Unsafe.As<T, float>(ref value), "R");
                    return;
                case TypeCode.Double:
                    inserter.WriteFormatted(Unsafe.As<T, double>(ref value), "R");
                    return;
                case TypeCode.Decimal:
                    // Scale kept (1.50 stays 1.50), as MySql.Data writes it.
                    inserter.WriteFormatted(Unsafe.As<T, decimal>(ref value), default);
                    return;
                case TypeCode.DateTime:
                    // Kind is not stored: the wall-clock time, as MySql.Data writes it.
                    inserter.WriteDateTime(Unsafe.As<T, DateTime>(ref value));
                    return;
                case TypeCode.String:
                    inserter.WriteText(Unsafe.As<T, string>(ref value));
                    return;
            }

            if (typeof(T) == typeof(DateTimeOffset))
            {
                // DATETIME holds no offset: MySql.Data writes the UTC clock time.
                inserter.WriteDateTime(Unsafe.As<T, DateTimeOffset>(ref value).UtcDateTime);
            }
            else if (typeof(T) == typeof(DateOnly))
            {
                inserter.WriteDate(Unsafe.As<T, DateOnly>(ref value));
            }
            else if (typeof(T) == typeof(TimeOnly))
            {
                inserter.WriteTimeSpan(Unsafe.As<T, TimeOnly>(ref value).Ticks);
            }
            else if (typeof(T) == typeof(TimeSpan))
            {
                inserter.WriteTimeSpan(Unsafe.As<T, TimeSpan>(ref value).Ticks);
            }
            else if (typeof(T) == typeof(Guid))
            {
                inserter.WriteFormatted(Unsafe.As<T, Guid>(ref value), "D");
            }
            else if (typeof(T) == typeof(byte[]))
            {
                inserter.WriteBytes(Unsafe.As<T, byte[]>(ref value));
            }
            else
            {
                throw new InvalidOperationException($"LOAD DATA cannot write a value of type {typeof(T)}.");
            }
        }
    }
}
