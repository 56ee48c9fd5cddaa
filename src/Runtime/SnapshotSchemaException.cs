namespace DbPickle;

/// <summary>
/// The snapshot file and the target's EF Core model disagree in a way no hook resolved (a table or column the model
/// does not have, a column whose type changed), or the model holds a shape DbPickle cannot snapshot.
/// </summary>
public sealed class SnapshotSchemaException : SnapshotException
{
    /// <summary>Creates the exception from every problem found.</summary>
    public SnapshotSchemaException(IReadOnlyList<string> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem, one sentence each, naming the table and column.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Describe(IReadOnlyList<string> problems)
        => problems.Count == 1
            ? "The snapshot does not fit the model: " + problems[0]
            : $"The snapshot does not fit the model ({problems.Count} problems):" + Environment.NewLine + "- "
              + string.Join(Environment.NewLine + "- ", problems);
}
