using DbPickle.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace DbPickle.Model;

/// <summary>One snapshot entity type and its table, as the runtime model maps them.</summary>
internal sealed class TableMapping
{
    public TableMapping(EntityCodec codec, IEntityType entityType, string table, string? schema, ColumnMapping[] columns, int[] keyColumns)
    {
        Codec = codec;
        EntityType = entityType;
        Table = table;
        Schema = schema;
        Columns = columns;
        KeyColumns = keyColumns;
        ValidatedColumns = [.. columns.Where(c => (!c.IsNullable && c.Spec.Nullable)
            || (c.MaxLength is not null && c.Spec.Kind is SnapshotValueKind.String or SnapshotValueKind.Binary)
            || c.Precision is not null)];
    }

    public EntityCodec Codec { get; }

    public IEntityType EntityType { get; }

    public string EntityName => Codec.EntityName;

    public string Table { get; }

    public string? Schema { get; }

    public ColumnMapping[] Columns { get; }

    /// <summary>Columns whose values need checking before a load: required but nullable in the CLR, or length-limited.</summary>
    public ColumnMapping[] ValidatedColumns { get; }

    /// <summary>String and char columns, for engines that refuse some characters.</summary>
    public ColumnMapping[] TextColumns => _textColumns ??= [.. Columns.Where(c => c.Spec.Kind is SnapshotValueKind.String or SnapshotValueKind.Char)];

    private ColumnMapping[]? _textColumns;

    /// <summary>Columns whose DateTime kind or DateTimeOffset offset the target engine restricts; see <see cref="BindTimestamps"/>.</summary>
    public TimestampColumn[] Timestamps { get; private set; } = [];

    /// <summary>
    /// Finds the columns whose values <paramref name="storedKind"/> restricts. A DateTime of Kind Unspecified headed for
    /// an instant column is given <paramref name="unspecifiedKind"/> when that is Utc or Local, and only when no value
    /// converter stands between the property and the column (the load sets the property, not the stored value).
    /// </summary>
    public void BindTimestamps(Func<ColumnMapping, StoredTimeKind> storedKind, DateTimeKind unspecifiedKind)
    {
        var timestamps = new List<TimestampColumn>();
        foreach (var column in Columns)
        {
            var kind = storedKind(column);
            if (kind != StoredTimeKind.Any)
            {
                var assumes = kind == StoredTimeKind.Utc
                    && unspecifiedKind != DateTimeKind.Unspecified
                    && column.Conversion is null
                    && column.Spec.Kind == SnapshotValueKind.DateTime;
                timestamps.Add(new TimestampColumn(column, kind, assumes));
            }
        }

        Timestamps = [.. timestamps];
    }

    /// <summary>Indexes into <see cref="Columns"/> of the primary key, in key order.</summary>
    public int[] KeyColumns { get; }

    /// <summary>Other snapshot tables this one references (not itself).</summary>
    public List<TableMapping> Principals { get; } = [];

    /// <summary>Foreign keys from this table to snapshot tables, itself included, for verification after a load.</summary>
    public List<ForeignKeyMapping> ForeignKeys { get; } = [];

    /// <summary>The foreign key from this table to itself (Employee.ReportsTo), if any: its rows are inserted parents first.</summary>
    public ForeignKeyMapping? SelfReference { get; set; }

    public string DisplayName => Schema is null ? Table : $"{Schema}.{Table}";

    public int IndexOfProperty(string propertyName)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            if (Columns[i].PropertyName == propertyName)
            {
                return i;
            }
        }

        return -1;
    }

    public int IndexOfColumn(string columnName)
    {
        for (var i = 0; i < Columns.Length; i++)
        {
            if (string.Equals(Columns[i].ColumnName, columnName, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The value the database stores for <paramref name="column"/> of <paramref name="entity"/>: after its converter; null for NULL.</summary>
    public object? ProviderValue(ColumnMapping column, object entity)
    {
        var value = Codec.GetValue(entity, column.PropertyIndex);
        return column.Conversion is { } conversion ? conversion.ToProvider(value) : value;
    }

    /// <summary>
    /// Hands the value the database stores for <paramref name="column"/> of <paramref name="entity"/> to
    /// <paramref name="visitor"/>: with the property's static type when no value converter applies (no boxing), else
    /// boxed after the converter; null as <see cref="IValueVisitor.VisitNull"/>.
    /// </summary>
    public ValueTask AcceptProviderValue<TVisitor>(TVisitor visitor, object entity, ColumnMapping column)
        where TVisitor : struct, IValueVisitor
        => column.Conversion is null
            ? Codec.AcceptValue(visitor, entity, column.PropertyIndex)
            : ProviderValue(column, entity) is { } value ? visitor.Visit(value) : visitor.VisitNull();

    /// <summary>The primary key of <paramref name="entity"/>, formatted for messages (e.g. <c>TrackId=12</c>).</summary>
    public string DescribeKey(object entity)
    {
        var text = new System.Text.StringBuilder();
        foreach (var index in KeyColumns)
        {
            if (text.Length > 0)
            {
                text.Append(", ");
            }

            var column = Columns[index];
            text.Append(column.PropertyName).Append('=')
                .Append(Convert.ToString(Codec.GetValue(entity, column.PropertyIndex), System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }
}

/// <summary>A foreign key between two snapshot tables: column indexes on each side.</summary>
internal sealed record ForeignKeyMapping(TableMapping Dependent, int[] DependentColumns, TableMapping Principal, int[] PrincipalColumns, bool IsRequired);
