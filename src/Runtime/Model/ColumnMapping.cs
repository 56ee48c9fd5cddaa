using DbPickle.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace DbPickle.Model;

/// <summary>One property of a snapshot table as the runtime model maps it, resolved once per operation.</summary>
internal sealed class ColumnMapping
{
    public ColumnMapping(IProperty property, int propertyIndex, SnapshotPropertySpec spec, string columnName)
    {
        Property = property;
        PropertyIndex = propertyIndex;
        Spec = spec;
        ColumnName = columnName;
        TypeMapping = (RelationalTypeMapping)property.GetTypeMapping();
        Conversion = TypeMapping.Converter is { } converter ? new ValueConversion(converter) : null;
        IsNullable = property.IsNullable;
        MaxLength = property.GetMaxLength();
        StoreType = property.GetColumnType();
    }

    public IProperty Property { get; }

    /// <summary>Index of the property in the generated codec.</summary>
    public int PropertyIndex { get; }

    public SnapshotPropertySpec Spec { get; }

    public string PropertyName => Spec.Name;

    public string ColumnName { get; }

    public RelationalTypeMapping TypeMapping { get; }

    public ValueConversion? Conversion { get; }

    /// <summary>Whether the model lets the column hold NULL (not the CLR type's nullability).</summary>
    public bool IsNullable { get; }

    public int? MaxLength { get; }

    public string StoreType { get; }

    public bool IsKey { get; set; }
}
