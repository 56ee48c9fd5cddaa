namespace DbPickle;

/// <summary>Rows hold values the target cannot take; nothing was written. Lists every violation found (up to a cap).</summary>
public sealed class SnapshotValidationException : SnapshotException
{
    /// <summary>Creates the exception.</summary>
    public SnapshotValidationException(IReadOnlyList<SnapshotViolation> violations, long totalViolations)
        : base(Describe(violations, totalViolations))
    {
        Violations = violations;
        TotalViolations = totalViolations;
    }

    /// <summary>The violations reported (at most <see cref="LoadOptions.MaxReportedViolations"/>).</summary>
    public IReadOnlyList<SnapshotViolation> Violations { get; }

    /// <summary>How many violations were found in all, reported or not.</summary>
    public long TotalViolations { get; }

    private static string Describe(IReadOnlyList<SnapshotViolation> violations, long total)
    {
        var text = new System.Text.StringBuilder();
        text.Append(total == 1 ? "1 value" : $"{total} values")
            .Append(" in the snapshot cannot be stored in the target; nothing was written. Fix the data at the source, ")
            .Append("or migrate it in an OnPreWalk hook.");
        foreach (var violation in violations)
        {
            text.AppendLine().Append("- ").Append(violation);
        }

        if (total > violations.Count)
        {
            text.AppendLine().Append($"... and {total - violations.Count} more.");
        }

        return text.ToString();
    }
}
