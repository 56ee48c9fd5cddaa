using DbPickle.Model;
using System.Runtime.CompilerServices;

namespace DbPickle.Loading;

/// <summary>
/// Checks rows against the target model before anything is written (required values, maximum lengths) and collects
/// every violation, so one exception reports them all.
/// </summary>
internal sealed class RowValidator
{
    private readonly int _maxReported;
    private readonly List<SnapshotViolation> _reported = [];

    private readonly Engines.EngineDialect _dialect;

    public RowValidator(int maxReported, Engines.EngineDialect dialect)
    {
        _maxReported = Math.Max(1, maxReported);
        _dialect = dialect;
    }

    public long Total { get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Check(TableMapping table, object entity)
    {
        if (_dialect.ChecksText)
        {
            CheckText(table, entity);
        }

        foreach (var column in table.ValidatedColumns)
        {
            var value = table.Codec.GetValue(entity, column.PropertyIndex);
            if (value is null)
            {
                if (!column.IsNullable)
                {
                    Add(table, entity, column, "a value is required but the row has none (null). Set it in an OnPreWalk hook, or make the property optional.");
                }
            }
            else if (value is decimal number)
            {
                CheckDecimal(table, entity, column, number);
            }
            else if (column.MaxLength is { } max)
            {
                var length = value switch
                {
                    string text => text.Length,
                    byte[] bytes => bytes.Length,
                    _ => 0,
                };
                if (length > max)
                {
                    var unit = value is string ? "characters" : "bytes";
                    Add(table, entity, column, $"the value is {length} {unit} long but the column allows at most {max}.");
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckText(TableMapping table, object entity)
    {
        foreach (var column in table.TextColumns)
        {
            var text = table.Codec.GetValue(entity, column.PropertyIndex) switch
            {
                string s => s,
                char c => c.ToString(),
                _ => null,
            };
            if (text is not null && _dialect.CheckText(text) is { } problem)
            {
                Add(table, entity, column, problem);
            }
        }
    }

    /// <summary>
    /// A decimal must fit the column's precision and scale: PostgreSQL rounds extra fraction digits silently and
    /// rejects extra integer digits mid-load; SQLite keeps anything. Checking the target model catches both up front.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckDecimal(TableMapping table, object entity, ColumnMapping column, decimal value)
    {
        if (column.Precision is not { } precision)
        {
            return;
        }

        var scale = column.Scale ?? 0;
        var (integerDigits, fractionDigits) = Digits(value);
        if (fractionDigits > scale)
        {
            Add(table, entity, column, $"the value {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} has {fractionDigits} digits after the decimal point but the column keeps {scale} (decimal({precision},{scale})); it would be rounded.");
        }
        else if (integerDigits > precision - scale)
        {
            Add(table, entity, column, $"the value {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} has {integerDigits} digits before the decimal point but the column allows {precision - scale} (decimal({precision},{scale})).");
        }
    }

    /// <summary>
    /// Digits before and after the decimal point, trailing fraction zeros not counted (1.50m has one fraction digit,
    /// like 1.5m). Works on the 96-bit mantissa: this runs for every decimal of every row, so it allocates nothing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static (int IntegerDigits, int FractionDigits) Digits(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var low = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        int digits;
        if (bits[2] == 0)
        {
            // Almost every value fits 64 bits, where dividing by 10 is a multiplication; UInt128 division is a loop.
            if (low == 0)
            {
                return (0, 0);
            }

            while (scale > 0 && low % 10 == 0)
            {
                low /= 10;
                scale--;
            }

            digits = 0;
            for (var rest = low; rest != 0; rest /= 10)
            {
                digits++;
            }

            return (Math.Max(0, digits - scale), scale);
        }

        var mantissa = new UInt128((ulong)(uint)bits[2], low);
        while (scale > 0 && mantissa % 10 == UInt128.Zero)
        {
            mantissa /= 10;
            scale--;
        }

        digits = 0;
        for (var rest = mantissa; rest != UInt128.Zero; rest /= 10)
        {
            digits++;
        }

        return (Math.Max(0, digits - scale), scale);
    }

    public void Add(TableMapping table, object entity, ColumnMapping column, string problem) => Add(table, table.DescribeKey(entity), column, problem);

    public void Add(TableMapping table, string key, ColumnMapping column, string problem)
    {
        // The validation pass reports from its reader thread (values) and its spooling thread (keys, references).
        lock (_reported)
        {
            Total++;
            if (_reported.Count < _maxReported)
            {
                _reported.Add(new SnapshotViolation(table.DisplayName, key, column.PropertyName, problem));
            }
        }
    }

    public void ThrowIfAny()
    {
        if (Total > 0)
        {
            throw new SnapshotValidationException(_reported, Total);
        }
    }
}
