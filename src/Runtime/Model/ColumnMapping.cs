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
        StoreType = property.GetColumnType();
        var facets = StoreTypeFacets.Parse(StoreType);
        MaxLength = property.GetMaxLength() ?? (spec.Kind is SnapshotValueKind.String or SnapshotValueKind.Binary ? facets.Length : null);
        if (spec.Kind == SnapshotValueKind.Decimal)
        {
            Precision = property.GetPrecision() ?? facets.Precision;
            Scale = property.GetScale() ?? facets.Scale ?? (Precision is null ? null : 0);
        }
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

    /// <summary>Total significant digits a decimal column holds, when the model or store type limits them.</summary>
    public int? Precision { get; }

    /// <summary>Digits after the decimal point a decimal column holds, when limited.</summary>
    public int? Scale { get; }

    public bool IsKey { get; set; }
}
