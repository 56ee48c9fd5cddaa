namespace DbPickle;

/// <summary>Base class of every error DbPickle raises on purpose; a load that throws it has changed nothing.</summary>
public class SnapshotException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SnapshotException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the error that caused it.</summary>
    public SnapshotException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
