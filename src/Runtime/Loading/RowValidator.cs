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
    private readonly DateTimeKind _unspecifiedKind;

    /// <summary>Problems explained in full once per column (only the reader thread checks values).</summary>
    private readonly HashSet<(ColumnMapping Column, int Problem)> _explained = [];

    public RowValidator(int maxReported, Engines.EngineDialect dialect, DateTimeKind unspecifiedKind = DateTimeKind.Unspecified)
    {
        _maxReported = Math.Max(1, maxReported);
        _dialect = dialect;
        _unspecifiedKind = unspecifiedKind;
    }

    public long Total { get; private set; }

    /// <summary>Checks a row; returns whether it changed a value (<see cref="LoadOptions.UnspecifiedDateTimeKind"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Check(TableMapping table, object entity)
    {
        var changed = false;
        if (_dialect.ChecksText)
        {
            CheckText(table, entity);
        }

        if (table.Timestamps.Length > 0)
        {
            changed = CheckTimestamps(table, entity);
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

        return changed;
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
    /// A timestamp must have the kind its column takes (<see cref="Engines.EngineDialect.TimeKindOf"/>): found here,
    /// it is one line in the report; found by the provider, it would stop the load at that row. A DateTime without a
    /// kind (what SQLite and MariaDB give back) is given the kind the options assume, where they assume one.
    /// </summary>
    private bool CheckTimestamps(TableMapping table, object entity)
    {
        var changed = false;
        foreach (var timestamp in table.Timestamps)
        {
            var column = timestamp.Column;
            var value = table.ProviderValue(column, entity);
            if (value is DateTime dateTime && !Takes(timestamp.Kind, dateTime))
            {
                if (dateTime.Kind == DateTimeKind.Unspecified && timestamp.AssumesKind)
                {
                    var instant = _unspecifiedKind == DateTimeKind.Utc
                        ? DateTime.SpecifyKind(dateTime, DateTimeKind.Utc)
                        : DateTime.SpecifyKind(dateTime, DateTimeKind.Local).ToUniversalTime();
                    table.Codec.SetValue(entity, column.PropertyIndex, instant);
                    changed = true;
                }
                else
                {
                    Add(table, entity, column, dateTime.Kind switch
                    {
                        DateTimeKind.Unspecified => Explain(column, 1, $"the value {Text(dateTime)} has no time zone (DateTime.Kind is Unspecified)", ": SQLite and MariaDB keep none. "
                            + $"The column is '{column.StoreType}', which holds instants and takes UTC values only. If the source's times are UTC, set "
                            + "LoadOptions.UnspecifiedDateTimeKind = DateTimeKind.Utc (or Local if they are this machine's local time); otherwise convert the value in an OnPreWalk hook."),
                        DateTimeKind.Local => Explain(column, 2, $"the value {Text(dateTime)} is a local time (DateTime.Kind is Local)", $" but the column is '{column.StoreType}', "
                            + "which takes UTC values only. Convert it with ToUniversalTime() in an OnPreWalk hook."),
                        _ => Explain(column, 3, $"the value {Text(dateTime)} is UTC (DateTime.Kind is Utc)", $" but the column is '{column.StoreType}', which holds clock times and "
                            + "takes no UTC value. Map the property to 'timestamp with time zone', or set the kind you mean in an OnPreWalk hook (DateTime.SpecifyKind or ToLocalTime())."),
                    });
                }
            }
            else if (value is DateTimeOffset offset && !Takes(timestamp.Kind, offset))
            {
                Add(table, entity, column, Explain(column, 4, $"the value {offset.ToString("O", System.Globalization.CultureInfo.InvariantCulture)} has offset {offset.Offset}", " but the column is "
                    + $"'{column.StoreType}', which keeps no offset and takes offset 0 only. Convert it with ToUniversalTime() in an OnPreWalk hook, or with a value converter."));
            }
        }

        return changed;

        static string Text(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The problem, with its explanation the first time it is reported for <paramref name="column"/>; after that a
    /// pointer to it, so a report of thousands of rows with the same cause says how to fix it once.
    /// </summary>
    private string Explain(ColumnMapping column, int problem, string what, string explanation)
        => _explained.Add((column, problem)) ? what + explanation : what + " (same cause as the first such value of this column).";

    /// <summary>
    /// A decimal must fit the column's precision and scale: PostgreSQL rounds extra fraction digits silently and
    /// rejects extra integer digits mid-load; SQLite keeps anything. Checking the target model catches both up front.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CheckDecimal(TableMapping table, object entity, ColumnMapping column, decimal value)
    {
        if (column.Precision is not { } precision || Fits(value, precision, column.Scale ?? 0))
        {
            return;
        }

        var scale = column.Scale ?? 0;
        var (integerDigits, fractionDigits) = Digits(value);
        if (fractionDigits > scale)
        {
            Add(table, entity, column, $"the value {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} has {fractionDigits} digits after the decimal point but the column keeps {scale} (decimal({precision},{scale})); it would be rounded.");
        }
        else
        {
            Add(table, entity, column, $"the value {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} has {integerDigits} digits before the decimal point but the column allows {precision - scale} (decimal({precision},{scale})).");
        }
    }

    /// <summary>Whether <paramref name="value"/> fits decimal(<paramref name="precision"/>, <paramref name="scale"/>) as it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool Fits(decimal value, int precision, int scale)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        if (bits[2] == 0 && precision >= scale)
        {
            // The common case without counting digits one by one: a 64-bit mantissa m with e decimals fits when the
            // decimals beyond the column's scale are zeros (m divisible by 10^(e - scale)) and its integer part has at
            // most precision - scale digits (m < 10^(precision - scale + e)). Zeros fit anything. Digits gives the same.
            var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
            var decimals = (bits[3] >> 16) & 0xFF;
            if (mantissa == 0)
            {
                return true;
            }

            var dropped = decimals - scale;
            if (dropped > 0 && (dropped >= PowersOfTen.Length || mantissa % PowersOfTen[dropped] != 0))
            {
                return false;
            }

            var integerLimit = precision - scale + decimals;
            return integerLimit >= PowersOfTen.Length || mantissa < PowersOfTen[integerLimit];
        }

        var (integerDigits, fractionDigits) = Digits(value);
        return fractionDigits <= scale && integerDigits <= precision - scale;
    }

    /// <summary>10^0 to 10^19: every power of ten a 64-bit mantissa can be compared with (10^20 exceeds them all).</summary>
    internal static readonly ulong[] PowersOfTen = PowersOfTenUpTo(19);

    private static ulong[] PowersOfTenUpTo(int exponent)
    {
        var powers = new ulong[exponent + 1];
        powers[0] = 1;
        for (var n = 1; n < powers.Length; n++)
        {
            powers[n] = powers[n - 1] * 10;
        }

        return powers;
    }

    /// <summary>Whether a column of <paramref name="kind"/> takes <paramref name="value"/> as it is (see <see cref="CheckTimestamps"/>).</summary>
    internal static bool Takes(StoredTimeKind kind, DateTime value) => kind switch
    {
        StoredTimeKind.Utc => value.Kind == DateTimeKind.Utc || value == DateTime.MinValue || value == DateTime.MaxValue,
        StoredTimeKind.NotUtc => value.Kind != DateTimeKind.Utc,
        _ => true,
    };

    /// <summary>Whether a column of <paramref name="kind"/> takes <paramref name="value"/> as it is.</summary>
    internal static bool Takes(StoredTimeKind kind, DateTimeOffset value) => kind != StoredTimeKind.Utc || value.Offset == TimeSpan.Zero;

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
