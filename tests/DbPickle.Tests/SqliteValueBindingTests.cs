using DbPickle.Infrastructure;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace DbPickle.Tests;

/// <summary>
/// The C-API insert path must store exactly what Microsoft.Data.Sqlite's parameters store, or an application's
/// queries (which compare dates and GUIDs as text) would stop matching loaded rows. Each value is bound both ways into
/// <c>SELECT typeof(?), quote(?)</c> and the answers compared.
/// </summary>
public sealed class SqliteValueBindingTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public SqliteValueBindingTests() => _connection.Open();

    public static TheoryData<string, object, SqliteType?> Values()
    {
        var data = new TheoryData<string, object, SqliteType?>();
        void Add(string name, object value, SqliteType? declared = null) => data.Add(name, value, declared);

        Add("bool true", true);
        Add("bool false", false);
        Add("sbyte min", sbyte.MinValue);
        Add("byte max", byte.MaxValue);
        Add("short min", short.MinValue);
        Add("ushort max", ushort.MaxValue);
        Add("int min", int.MinValue);
        Add("uint max", uint.MaxValue);
        Add("long min", long.MinValue);
        Add("ulong max wraps", ulong.MaxValue);
        Add("float", 1.1f);
        Add("float max", float.MaxValue);
        Add("double", Math.PI);
        Add("double -0", -0.0);
        Add("double infinity", double.PositiveInfinity);
        Add("double epsilon", double.Epsilon);
        Add("decimal", 1234.5678m);
        Add("decimal trailing zeros", 10.5000m);
        Add("decimal whole", 42m);
        Add("decimal max", decimal.MaxValue);
        Add("decimal min", decimal.MinValue);
        Add("decimal tiny", 0.0000000000000000000000000001m);
        Add("decimal negative fraction", -0.5m);
        Add("decimal negative zero with scale", new decimal(0, 0, 0, isNegative: true, scale: 3));
        Add("decimal zero with scale", 0.000m);
        Add("decimal one point zero", 1.0m);
        Add("decimal trailing zeros only after one", -1.10m);
        Add("decimal hundred", 100m);
        Add("decimal 28 fraction digits", 0.1234567890123456789012345678m);
        Add("decimal large with fraction", 7922816251426433759354395033.5m);
        Add("DateTime utc ticks", new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Utc).AddTicks(1234567));
        Add("DateTime local", new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Local));
        Add("DateTime min", DateTime.MinValue);
        Add("DateTime max", DateTime.MaxValue);
        Add("DateTimeOffset +05:30", new DateTimeOffset(2024, 1, 2, 3, 4, 5, 600, TimeSpan.FromMinutes(330)));
        Add("DateTimeOffset -08:00 ticks", new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(-8)).AddTicks(1));
        Add("DateTime fraction with inner zeros", new DateTime(2024, 5, 6, 7, 8, 9).AddTicks(1000100));
        Add("DateTime year 9", new DateTime(9, 1, 1, 0, 0, 0).AddTicks(5000000));
        Add("DateTimeOffset +14:00 max", new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.FromHours(14)).AddTicks(9999999));
        Add("DateTimeOffset -00:30", new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromMinutes(-30)));
        Add("DateTimeOffset min", DateTimeOffset.MinValue);
        Add("DateTimeOffset utc", new DateTimeOffset(2020, 6, 1, 12, 0, 0, TimeSpan.Zero));
        Add("DateOnly", new DateOnly(2024, 2, 29));
        Add("DateOnly min", DateOnly.MinValue);
        Add("TimeOnly whole", new TimeOnly(13, 45, 30));
        Add("TimeOnly fraction", new TimeOnly(13, 45, 30).Add(TimeSpan.FromTicks(1)));
        Add("TimeOnly max", TimeOnly.MaxValue);
        Add("TimeSpan", new TimeSpan(1, 2, 3, 4, 5));
        Add("TimeSpan negative", TimeSpan.FromTicks(-123456789));
        Add("TimeSpan max", TimeSpan.MaxValue);
        Add("Guid", new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"));
        Add("Guid as blob", new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"), SqliteType.Blob);
        Add("char", 'é');
        Add("char as integer", 'é', SqliteType.Integer);
        Add("char lone surrogate", '\uD83D');
        Add("string", "Grüße 日本語 😀 עברית");
        Add("string empty", string.Empty);
        Add("string NUL inside", "a\0b");
        Add("string lone surrogate", "x\uDC00y");
        Add("string long", string.Concat(Enumerable.Repeat("é中😀", 500)));
        Add("bytes", new byte[] { 0, 1, 255 });
        Add("bytes empty", Array.Empty<byte>());
        Add("bytes large", Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray());
        Add("enum int", DayOfWeek.Friday);
        Add("enum byte", TestByteEnum.Max);
        Add("enum ulong", TestULongEnum.Max);
        Add("enum long negative", TestLongEnum.Min);
        return data;
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void The_C_API_binding_stores_what_Microsoft_Data_Sqlite_stores(string name, object value, SqliteType? declared)
    {
        var expected = ThroughProvider(value, declared);
        var storage = declared is { } type ? (SqliteStorageClass)(int)type : SqliteStorageClass.Text;

        Assert.True(SqliteValueBinding.Supports(value.GetType(), storage), name);
        Assert.Equal(expected, ThroughCApi(value, storage, boxed: false));
        Assert.Equal(expected, ThroughCApi(value, storage, boxed: true));
    }

    [Fact]
    public void NaN_is_refused_as_Microsoft_Data_Sqlite_refuses_it()
    {
        Assert.Throws<InvalidOperationException>(() => ThroughProvider(double.NaN, null));
        var error = Assert.Throws<InvalidOperationException>(() => ThroughCApi(double.NaN, SqliteStorageClass.Text, boxed: false));
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(DateTime))]
    [InlineData(typeof(DateTimeOffset))]
    [InlineData(typeof(DateOnly))]
    [InlineData(typeof(TimeOnly))]
    [InlineData(typeof(TimeSpan))]
    public void Dates_declared_REAL_are_left_to_the_provider(Type type)
    {
        Assert.False(SqliteValueBinding.Supports(type, SqliteStorageClass.Real));
        Assert.True(SqliteValueBinding.Supports(type, SqliteStorageClass.Text));
    }

    [Theory]
    [InlineData(typeof(Int128))]
    [InlineData(typeof(System.Numerics.BigInteger))]
    [InlineData(typeof(Uri))]
    public void Types_the_binding_does_not_know_are_left_to_the_provider(Type type)
        => Assert.False(SqliteValueBinding.Supports(type, SqliteStorageClass.Text));

    public void Dispose() => _connection.Dispose();

    private (string Type, string Quoted) ThroughProvider(object value, SqliteType? declared)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT typeof($v), quote($v)";
        var parameter = command.Parameters.AddWithValue("$v", value);
        if (declared is { } type)
        {
            parameter.SqliteType = type;
        }

        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetString(0), reader.GetString(1));
    }

    private (string Type, string Quoted) ThroughCApi(object value, SqliteStorageClass storage, bool boxed)
    {
        var db = _connection.Handle!;
        Assert.Equal(raw.SQLITE_OK, raw.sqlite3_prepare_v2(db, "SELECT typeof(?1), quote(?1)", out var statement));
        using (statement)
        {
            var sink = new Sink(db, statement);
            if (boxed)
            {
                SqliteValueBinding.Bind(value, storage, ref sink);
            }
            else
            {
                BindTyped(value, storage, ref sink);
            }

            Assert.Equal(raw.SQLITE_ROW, raw.sqlite3_step(statement));
            return (raw.sqlite3_column_text(statement, 0).utf8_to_string(), raw.sqlite3_column_text(statement, 1).utf8_to_string());
        }
    }

    /// <summary>Calls the generic binding with the value's own static type, as a generated codec does.</summary>
    private static void BindTyped(object value, SqliteStorageClass storage, ref Sink sink)
    {
        switch (value)
        {
            case bool v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case char v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case sbyte v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case byte v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case short v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case ushort v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case int v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case uint v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case long v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case ulong v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case float v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case double v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case decimal v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case DateTime v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case DateTimeOffset v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case DateOnly v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case TimeOnly v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case TimeSpan v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case Guid v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case string v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case byte[] v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case DayOfWeek v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case TestByteEnum v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case TestULongEnum v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            case TestLongEnum v: SqliteValueBinding.Bind(v, storage, ref sink); break;
            default: throw new ArgumentException($"No typed case for {value.GetType()}.", nameof(value));
        }
    }

    public enum TestByteEnum : byte
    {
        Max = byte.MaxValue,
    }

    public enum TestULongEnum : ulong
    {
        Max = ulong.MaxValue,
    }

    public enum TestLongEnum : long
    {
        Min = long.MinValue,
    }

    /// <summary>The same calls the generated sink makes (the generated one is private to each snapshot class).</summary>
    private readonly struct Sink(sqlite3 db, sqlite3_stmt statement) : ISqliteValueSink
    {
        public void BindInt64(long value) => Check(raw.sqlite3_bind_int64(statement, 1, value));

        public void BindDouble(double value) => Check(raw.sqlite3_bind_double(statement, 1, value));

        public void BindText(ReadOnlySpan<byte> utf8)
            => Check(utf8.IsEmpty ? raw.sqlite3_bind_text(statement, 1, string.Empty) : raw.sqlite3_bind_text(statement, 1, utf8));

        public void BindBlob(ReadOnlySpan<byte> value)
            => Check(value.IsEmpty ? raw.sqlite3_bind_zeroblob(statement, 1, 0) : raw.sqlite3_bind_blob(statement, 1, value));

        public void BindNull() => Check(raw.sqlite3_bind_null(statement, 1));

        private void Check(int rc) => Assert.True(rc == raw.SQLITE_OK, raw.sqlite3_errmsg(db).utf8_to_string());
    }
}
