using System.Data.Common;

namespace DbPickle.Infrastructure;

/// <summary>
/// Typed column reads for a provider CLR type known only at run time. Each delegate calls
/// <see cref="DbDataReader.GetFieldValue{T}(int)"/> with a concrete type argument, so NativeAOT compiles every one of
/// them ahead of time; <c>GetValue()</c> would return the engine's storage class (SQLite gives Int64 for an int).
/// </summary>
internal static class ProviderReaders
{
    public static Func<DbDataReader, int, object> For(Type providerType)
    {
        if (providerType == typeof(string)) return static (r, o) => r.GetFieldValue<string>(o);
        if (providerType == typeof(int)) return static (r, o) => r.GetFieldValue<int>(o);
        if (providerType == typeof(long)) return static (r, o) => r.GetFieldValue<long>(o);
        if (providerType == typeof(short)) return static (r, o) => r.GetFieldValue<short>(o);
        if (providerType == typeof(byte)) return static (r, o) => r.GetFieldValue<byte>(o);
        if (providerType == typeof(sbyte)) return static (r, o) => r.GetFieldValue<sbyte>(o);
        if (providerType == typeof(ushort)) return static (r, o) => r.GetFieldValue<ushort>(o);
        if (providerType == typeof(uint)) return static (r, o) => r.GetFieldValue<uint>(o);
        if (providerType == typeof(ulong)) return static (r, o) => r.GetFieldValue<ulong>(o);
        if (providerType == typeof(bool)) return static (r, o) => r.GetFieldValue<bool>(o);
        if (providerType == typeof(decimal)) return static (r, o) => r.GetFieldValue<decimal>(o);
        if (providerType == typeof(double)) return static (r, o) => r.GetFieldValue<double>(o);
        if (providerType == typeof(float)) return static (r, o) => r.GetFieldValue<float>(o);
        if (providerType == typeof(char)) return static (r, o) => r.GetFieldValue<char>(o);
        if (providerType == typeof(byte[])) return static (r, o) => r.GetFieldValue<byte[]>(o);
        if (providerType == typeof(Guid)) return static (r, o) => r.GetFieldValue<Guid>(o);
        if (providerType == typeof(DateTime)) return static (r, o) => r.GetFieldValue<DateTime>(o);
        if (providerType == typeof(DateTimeOffset)) return static (r, o) => r.GetFieldValue<DateTimeOffset>(o);
        if (providerType == typeof(DateOnly)) return static (r, o) => r.GetFieldValue<DateOnly>(o);
        if (providerType == typeof(TimeOnly)) return static (r, o) => r.GetFieldValue<TimeOnly>(o);
        if (providerType == typeof(TimeSpan)) return static (r, o) => r.GetFieldValue<TimeSpan>(o);
        return static (r, o) => r.GetValue(o);
    }
}
