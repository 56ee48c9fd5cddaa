using System.Data.Common;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Chinook;

/// <summary>
/// Reads a column's values as the CLR type the provider stores, so values compare by meaning rather than by
/// SQLite storage class: a NUMERIC column may hold 0.99 as REAL in one file and as TEXT in another, and
/// <see cref="DbDataReader.GetValue"/> would return a double for one and a string for the other.
/// </summary>
internal static class ColumnReader
{
    /// <summary>The reader for <paramref name="column"/>'s provider type; callers handle NULL themselves.</summary>
    public static Func<DbDataReader, int, object> For(IColumn column)
    {
        var type = Nullable.GetUnderlyingType(column.ProviderClrType) ?? column.ProviderClrType;

        // Static lambdas per type keep this free of MakeGenericMethod, and every primitive EF Core maps is covered.
        if (type == typeof(int)) return static (r, i) => r.GetFieldValue<int>(i);
        if (type == typeof(long)) return static (r, i) => r.GetFieldValue<long>(i);
        if (type == typeof(short)) return static (r, i) => r.GetFieldValue<short>(i);
        if (type == typeof(byte)) return static (r, i) => r.GetFieldValue<byte>(i);
        if (type == typeof(sbyte)) return static (r, i) => r.GetFieldValue<sbyte>(i);
        if (type == typeof(ushort)) return static (r, i) => r.GetFieldValue<ushort>(i);
        if (type == typeof(uint)) return static (r, i) => r.GetFieldValue<uint>(i);
        if (type == typeof(ulong)) return static (r, i) => r.GetFieldValue<ulong>(i);
        if (type == typeof(bool)) return static (r, i) => r.GetFieldValue<bool>(i);
        if (type == typeof(decimal)) return static (r, i) => r.GetFieldValue<decimal>(i);
        if (type == typeof(double)) return static (r, i) => r.GetFieldValue<double>(i);
        if (type == typeof(float)) return static (r, i) => r.GetFieldValue<float>(i);
        if (type == typeof(string)) return static (r, i) => r.GetFieldValue<string>(i);
        if (type == typeof(char)) return static (r, i) => r.GetFieldValue<char>(i);
        if (type == typeof(DateTime)) return static (r, i) => r.GetFieldValue<DateTime>(i);
        if (type == typeof(DateTimeOffset)) return static (r, i) => r.GetFieldValue<DateTimeOffset>(i);
        if (type == typeof(DateOnly)) return static (r, i) => r.GetFieldValue<DateOnly>(i);
        if (type == typeof(TimeOnly)) return static (r, i) => r.GetFieldValue<TimeOnly>(i);
        if (type == typeof(TimeSpan)) return static (r, i) => r.GetFieldValue<TimeSpan>(i);
        if (type == typeof(Guid)) return static (r, i) => r.GetFieldValue<Guid>(i);
        if (type == typeof(byte[])) return static (r, i) => r.GetFieldValue<byte[]>(i);

        throw new NotSupportedException(
            $"Column {column.Table.SchemaQualifiedName}.{column.Name} has provider type {type}, which the comparer cannot read yet.");
    }
}
