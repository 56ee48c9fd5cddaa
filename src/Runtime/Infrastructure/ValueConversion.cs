using System.ComponentModel;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DbPickle.Infrastructure;

/// <summary>
/// A property's EF Core value converter, as configured in the runtime model (attributes or fluent API), with a typed
/// read of its provider value. Only properties that have a converter pay for it. Used by generated code; not a
/// stable API.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ValueConversion
{
    private readonly ValueConverter _converter;
    private readonly Func<DbDataReader, int, object> _readProvider;

    internal ValueConversion(ValueConverter converter)
    {
        _converter = converter;
        var providerType = Nullable.GetUnderlyingType(converter.ProviderClrType) ?? converter.ProviderClrType;
        _readProvider = ProviderReaders.For(providerType);
    }

    /// <summary>Reads the column as the converter's provider type and converts it to the model's value.</summary>
    public object? FromProvider(DbDataReader reader, int ordinal)
        => reader.IsDBNull(ordinal) ? null : _converter.ConvertFromProvider(_readProvider(reader, ordinal));

    /// <summary>Converts a provider value that is not null (read as <see cref="ProviderClrType"/>) to the model's value.</summary>
    internal object? FromProviderValue(object value) => _converter.ConvertFromProvider(value);

    /// <summary>The CLR type the database stores: what the converter converts to.</summary>
    internal Type ProviderClrType => _converter.ProviderClrType;

    /// <summary>Converts a model value to the value the database stores.</summary>
    internal object? ToProvider(object? value) => value is null ? null : _converter.ConvertToProvider(value);
}
