using DbPickle.Model;

namespace DbPickle.Loading;

/// <summary>
/// Checks rows against the target model before anything is written (required values, maximum lengths) and collects
/// every violation, so one exception reports them all.
/// </summary>
internal sealed class RowValidator
{
    private readonly int _maxReported;
    private readonly List<SnapshotViolation> _reported = [];

    public RowValidator(int maxReported) => _maxReported = Math.Max(1, maxReported);

    public long Total { get; private set; }

    public void Check(TableMapping table, object entity)
    {
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

    public void Add(TableMapping table, object entity, ColumnMapping column, string problem)
    {
        Total++;
        if (_reported.Count < _maxReported)
        {
            _reported.Add(new SnapshotViolation(table.DisplayName, table.DescribeKey(entity), column.PropertyName, problem));
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
