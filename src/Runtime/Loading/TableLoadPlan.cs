using DbPickle.Model;

namespace DbPickle.Loading;

/// <summary>How one table of the file goes into the target: which model column each file column feeds, and what pass 1 learned.</summary>
internal sealed class TableLoadPlan
{
    public TableLoadPlan(int fileIndex, SnapshotTableInfo file, TableMapping? target, ColumnAction[] actions)
    {
        FileIndex = fileIndex;
        File = file;
        Target = target;
        Actions = actions;
    }

    public int FileIndex { get; }

    public SnapshotTableInfo File { get; }

    /// <summary>The model table, or null when the table is skipped (<see cref="LoadOptions.SkipUnknownTables"/>).</summary>
    public TableMapping? Target { get; }

    /// <summary>One per file column, in file order.</summary>
    public ColumnAction[] Actions { get; }

    /// <summary>
    /// Whether the file's columns are the model's, in order and encoding, and no OnPreWalk hook can change a row: the
    /// spool then copies the bytes of each row the validator left unchanged instead of encoding the entity again.
    /// </summary>
    public bool SpoolsFileBytes => _spoolsFileBytes ??= Target is { } table
        && !table.Codec.HasPreWalkHook
        && Actions.Length == table.Columns.Length
        && Actions.Select((a, c) => a.Kind == ColumnActionKind.Direct && a.ModelColumn == c).All(same => same);

    private bool? _spoolsFileBytes;

    /// <summary>
    /// Whether chunks of this table whose rows all pass unchanged can stay in a seekable snapshot file instead of being
    /// copied to the spool: its rows would be spooled as the file's bytes, no OnPreSave hook needs them twice, and no
    /// self-reference reorders them.
    /// </summary>
    public bool CanStayInPlace => SpoolsFileBytes && !Target!.Codec.HasPreSaveHook && Target.SelfReference is null;

    /// <summary>Where pass 2 finds this table's kept rows, in file order.</summary>
    public List<RowSegment> Segments { get; } = [];

    /// <summary>Rows kept for pass 2 (read from the file and not skipped by OnPreWalk), spooled or in place.</summary>
    public long KeptRows { get; set; }

    public long RowsRead { get; set; }

    /// <summary>Whether every row of this table was read: its key set is complete.</summary>
    public bool Walked { get; set; }

    public long SkippedRows { get; set; }

    /// <summary>Primary keys of the rows spooled so far, to refuse duplicates and check references before anything is written.</summary>
    public TableKeys? Keys { get; set; }

    /// <summary>The foreign keys the validation pass checks for this table's rows.</summary>
    public TableReferences? References { get; set; }

    /// <summary>For a self-referencing table: each spooled row's offset and keys, to insert parents first.</summary>
    public ParentFirstOrder? SelfReferenceOrder { get; set; }
}

internal enum ColumnActionKind : byte
{
    /// <summary>Same kind and encoding as the model property: the generated codec reads it straight into the entity.</summary>
    Direct,

    /// <summary>The model property has another type or nullability: read boxed, convert without loss, set.</summary>
    Convert,

    /// <summary>The model has no such property: skip the value (hooks can still read it).</summary>
    Skip,
}

/// <param name="Kind">What to do with the file column.</param>
/// <param name="ModelColumn">Index into <see cref="TableMapping.Columns"/>, or -1 for <see cref="ColumnActionKind.Skip"/>.</param>
internal readonly record struct ColumnAction(ColumnActionKind Kind, int ModelColumn);
