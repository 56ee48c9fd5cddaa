namespace DbPickle;

/// <summary>Options for <c>Load</c> and <c>LoadAsync</c>.</summary>
public sealed class LoadOptions
{
    /// <summary>What to do with rows already in the target tables. Default <see cref="LoadMode.Replace"/>.</summary>
    public LoadMode Mode { get; init; } = LoadMode.Replace;

    /// <summary>
    /// After inserting, move every identity/autoincrement counter of the loaded tables past the largest key, so the
    /// application's next insert gets a fresh key. Default <see langword="true"/>.
    /// </summary>
    public bool ResetSequences { get; init; } = true;

    /// <summary>Receives progress per table and per chunk of rows; <see langword="null"/> for none.</summary>
    public IProgress<SnapshotProgress>? Progress { get; init; }

    /// <summary>
    /// Tables in the file whose entity type the target model no longer has are skipped (and logged) instead of
    /// failing the load with <see cref="SnapshotSchemaException"/>. Default <see langword="false"/>.
    /// </summary>
    public bool SkipUnknownTables { get; init; }

    /// <summary>
    /// Validate, load inside the transaction, verify row counts and foreign keys, then roll back: the summary tells what
    /// a real load would do, and the target is left exactly as it was. Default <see langword="false"/>.
    /// </summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// What a <see cref="DateTime"/> of Kind Unspecified means when its column holds instants (PostgreSQL
    /// <c>timestamp with time zone</c>, which takes UTC values only). SQLite and MariaDB keep no kind, so their dumps hold
    /// Unspecified values. <see cref="DateTimeKind.Utc"/>: they are UTC; <see cref="DateTimeKind.Local"/>: they are this
    /// machine's local time and are converted to UTC. Default <see cref="DateTimeKind.Unspecified"/>: no guess; such
    /// values are reported before anything is written (<see cref="SnapshotValidationException"/>), naming this option.
    /// Columns with a value converter are checked, never changed.
    /// </summary>
    public DateTimeKind UnspecifiedDateTimeKind { get; init; } = DateTimeKind.Unspecified;

    /// <summary>Most violations listed in one <see cref="SnapshotValidationException"/> (the total is always given). Default 100.</summary>
    public int MaxReportedViolations { get; init; } = 100;

    /// <summary>
    /// Directory for a load's temporary files: the key checks' sorted runs, and the rows kept between validating and
    /// inserting that cannot be read again from the snapshot: all of them when it comes from a stream that cannot
    /// seek; otherwise only tables with hooks, a self-reference or columns changed since the dump, and rows an option
    /// such as <see cref="UnspecifiedDateTimeKind"/> changed. The system's temporary directory when <see langword="null"/>.
    /// </summary>
    public string? TempDirectory { get; init; }

    /// <summary>
    /// PostgreSQL: a table that gets at least this many rows (and at least one) and is empty when they arrive has its
    /// indexes dropped before the COPY and built again before COMMIT, pg_restore's order: one sorted build per index
    /// instead of an index update per row (measured 1.3× faster for the whole load at 1.5 million rows). Unique indexes
    /// are checked by their build. Dropping an index, like dropping a foreign key, locks its table against readers until
    /// COMMIT: <see cref="long.MaxValue"/> keeps every index in place, so other sessions can go on reading a table no
    /// foreign key touches while a <see cref="LoadMode.Replace"/> runs. Default 10,000.
    /// </summary>
    public long IndexRebuildMinimumRows { get; init; } = 10_000;

    /// <summary>
    /// PostgreSQL: send every row through Npgsql's binary importer, value by value, instead of encoding the COPY rows
    /// here. Internal, so tests can compare what the two paths store.
    /// </summary>
    internal bool ProviderWritersOnly { get; init; }

    /// <summary>
    /// MariaDB/MySQL: a table's LOAD DATA file is loaded and deleted when it reaches this size, so a load never needs
    /// more temporary disk. Internal, so tests can cut small tables into several statements.
    /// </summary>
    internal long LoadDataSliceBytes { get; init; } = Engines.MySqlLoadDataInserter.SliceBytes;
}
