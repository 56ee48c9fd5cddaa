namespace DbPickle;

/// <summary>What a load does with rows already present in the target's snapshot tables.</summary>
public enum LoadMode
{
    /// <summary>Delete the existing rows of the snapshot's tables (other tables are untouched), then insert the file's rows.</summary>
    Replace = 0,

    /// <summary>Keep the existing rows and insert the file's rows beside them; a key collision fails the whole load.</summary>
    Append = 1,

    /// <summary>Refuse to load, changing nothing, when any of the snapshot's tables already holds a row.</summary>
    RequireEmpty = 2,
}
