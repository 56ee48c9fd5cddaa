using System.Globalization;

namespace DbPickle;

/// <summary>Converts a value read from a snapshot file to the type a hook or a changed model asks for, refusing lossy conversions.</summary>
internal static class SnapshotValueConverter
{
    /// <summary>Whether every value of kind <paramref name="from"/> converts to <paramref name="to"/> without loss.</summary>
    public static bool Widens(SnapshotValueKind from, SnapshotValueKind to) => (from, to) switch
    {
        (SnapshotValueKind.Byte, SnapshotValueKind.Int16 or SnapshotValueKind.UInt16 or SnapshotValueKind.Int32 or SnapshotValueKind.UInt32
            or SnapshotValueKind.Int64 or SnapshotValueKind.UInt64 or SnapshotValueKind.Decimal or SnapshotValueKind.Double) => true,
        (SnapshotValueKind.SByte, SnapshotValueKind.Int16 or SnapshotValueKind.Int32 or SnapshotValueKind.Int64 or SnapshotValueKind.Decimal or SnapshotValueKind.Double) => true,
        (SnapshotValueKind.Int16, SnapshotValueKind.Int32 or SnapshotValueKind.Int64 or SnapshotValueKind.Decimal or SnapshotValueKind.Double) => true,
        (SnapshotValueKind.UInt16, SnapshotValueKind.Int32 or SnapshotValueKind.UInt32 or SnapshotValueKind.Int64 or SnapshotValueKind.UInt64
            or SnapshotValueKind.Decimal or SnapshotValueKind.Double) => true,
        (SnapshotValueKind.Int32, SnapshotValueKind.Int64 or SnapshotValueKind.Decimal or SnapshotValueKind.Double) => true,
        (SnapshotValueKind.UInt32, SnapshotValueKind.Int64 or SnapshotValueKind.UInt64 or SnapshotValueKind.Decimal or SnapshotValueKind.Double) => true,
        (SnapshotValueKind.Int64 or SnapshotValueKind.UInt64, SnapshotValueKind.Decimal) => true,
        (SnapshotValueKind.Single, SnapshotValueKind.Double) => true,
        (SnapshotValueKind.Char, SnapshotValueKind.String) => true,
        _ => false,
    };

    /// <summary>Converts a non-null file value to a property's CLR type (its underlying type when nullable).</summary>
    public static object ConvertTo(object value, Type target, string table, string column)
    {
        target = Nullable.GetUnderlyingType(target) ?? target;
        if (target.IsInstanceOfType(value))
        {
            return value;
        }

        try
        {
            return target.IsEnum ? Enum.ToObject(target, value) : System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            throw new SnapshotException(
                $"Column '{column}' of table '{table}' holds a {value.GetType().Name} ({value}), which does not convert to {target.Name}.", exception);
        }
    }

    public static T Convert<T>(object? value, string table, string column)
    {
        if (value is T typed)
        {
            return typed;
        }

        if (value is null)
        {
            if (default(T) is null)
            {
                return default!;
            }

            throw new SnapshotException(
                $"Column '{column}' of table '{table}' is null in this row; ask for a nullable type (e.g. Get<{typeof(T).Name}?>).");
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        try
        {
            if (target.IsEnum)
            {
                return (T)Enum.ToObject(target, value);
            }

            if (value is IConvertible && IsLossless(value, target))
            {
                return (T)System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
            }
        }
        catch (Exception exception) when (exception is InvalidCastException or OverflowException or FormatException or ArgumentException)
        {
            throw Mismatch<T>(value, table, column, exception);
        }

        throw Mismatch<T>(value, table, column, null);
    }

    private static bool IsLossless(object value, Type target)
    {
        if (target == typeof(string))
        {
            return true;
        }

        // Integers widen to any integer type that can hold the value (ChangeType checks the range) and to decimal.
        var isInteger = value is byte or sbyte or short or ushort or int or uint or long or ulong;
        if (isInteger)
        {
            return target == typeof(byte) || target == typeof(sbyte) || target == typeof(short) || target == typeof(ushort)
                || target == typeof(int) || target == typeof(uint) || target == typeof(long) || target == typeof(ulong)
                || target == typeof(decimal) || target == typeof(double);
        }

        return value is float && target == typeof(double);
    }

    private static SnapshotException Mismatch<T>(object value, string table, string column, Exception? inner)
        => new(
            $"Column '{column}' of table '{table}' holds a {value.GetType().Name} ({value}), which does not convert to {typeof(T).Name} without loss.",
            inner);
}
