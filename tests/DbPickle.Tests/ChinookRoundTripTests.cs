using Chinook;
using DbPickle.Tests.Infrastructure;

namespace DbPickle.Tests;

/// <summary>Chinook through the generated ChinookContextSnapshot: SQLite file → snapshot → new empty SQLite file.</summary>
public sealed class ChinookRoundTripTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Every_row_of_every_table_arrives_with_equal_values_and_summaries_match_the_source()
    {
        var source = ChinookFiles.CopySource(_directory);
        var counts = ChinookFiles.RowCounts(source);
        var snapshot = _directory.File("chinook.dbpickle");
        var target = ChinookFiles.CreateEmpty(_directory, "target.sqlite");

        SnapshotSummary dumped;
        using (var db = ChinookDatabase.Open(source))
        {
            dumped = ChinookContextSnapshot.Dump(db, snapshot);
        }

        SnapshotSummary loaded;
        using (var db = ChinookDatabase.Open(target))
        {
            loaded = ChinookContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.RequireEmpty, TempDirectory = _directory.Path });
        }

        ChinookFiles.AssertSameData(source, target);

        Assert.Equal(counts, dumped.Tables.ToDictionary(t => t.Table, t => t.Rows));
        Assert.Equal(counts, loaded.Tables.ToDictionary(t => t.Table, t => t.Rows));
        Assert.All(loaded.Tables, t => Assert.Equal(0, t.SkippedRows));
        Assert.Equal(counts.Values.Sum(), dumped.TotalRows);
        Assert.Equal(counts.Values.Sum(), loaded.TotalRows);
        Assert.Equal(new FileInfo(snapshot).Length, dumped.Bytes);
        Assert.Equal(new FileInfo(snapshot).Length, loaded.Bytes);

        // Parents before children in both summaries: every table after the tables it references.
        var order = loaded.Tables.Select(t => t.Table).ToList();
        Assert.True(order.IndexOf("Artist") < order.IndexOf("Album"));
        Assert.True(order.IndexOf("Album") < order.IndexOf("Track"));
        Assert.True(order.IndexOf("Track") < order.IndexOf("InvoiceLine"));
        Assert.True(order.IndexOf("Invoice") < order.IndexOf("InvoiceLine"));
        Assert.True(order.IndexOf("Employee") < order.IndexOf("Customer"));

        // The load's spool file is deleted when the load ends.
        Assert.Equal(["chinook.dbpickle", "source.sqlite", "target.sqlite"], _directory.FileNames());
    }

    [Fact]
    public void ReadHeader_describes_the_file_tables_row_counts_engine_and_property_named_columns()
    {
        var source = ChinookFiles.CopySource(_directory);
        var counts = ChinookFiles.RowCounts(source);
        var before = DateTime.UtcNow.AddSeconds(-1);
        var snapshot = ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"));

        var header = SnapshotFile.ReadHeader(snapshot);

        Assert.Equal(1, header.FormatVersion);
        Assert.Equal("Microsoft.EntityFrameworkCore.Sqlite", header.SourceEngine);
        Assert.Equal(typeof(ChinookContext).FullName, header.ContextType);
        Assert.StartsWith("DbPickle", header.Producer, StringComparison.Ordinal);
        Assert.InRange(header.CreatedUtc, before, DateTime.UtcNow.AddSeconds(1));
        Assert.Equal(11, header.Tables.Count);
        Assert.Equal(counts, header.Tables.ToDictionary(t => t.Table, t => t.RowCount));
        Assert.Equal(counts.Values.Sum(), header.TotalRows);

        using var db = ChinookDatabase.Open(source);
        foreach (var table in header.Tables)
        {
            var entityType = db.Model.FindEntityType(table.EntityType);
            Assert.NotNull(entityType);
            Assert.Equal(table.Table, Microsoft.EntityFrameworkCore.RelationalEntityTypeExtensions.GetTableName(entityType));
            Assert.Equal(
                entityType.GetProperties().Select(p => p.Name).Order(StringComparer.Ordinal),
                table.Columns.Select(c => c.Property).Order(StringComparer.Ordinal));
            Assert.Equal(
                entityType.FindPrimaryKey()!.Properties.Select(p => p.Name).Order(StringComparer.Ordinal),
                table.Columns.Where(c => c.IsKey).Select(c => c.Property).Order(StringComparer.Ordinal));
        }

        var track = header.Tables.Single(t => t.Table == "Track");
        Assert.Equal(SnapshotValueKind.Decimal, track.Columns.Single(c => c.Property == "UnitPrice").Kind);
        Assert.True(track.Columns.Single(c => c.Property == "Composer").Nullable);
        Assert.False(track.Columns.Single(c => c.Property == "Milliseconds").Nullable);
        Assert.Equal("NVARCHAR(200)", track.Columns.Single(c => c.Property == "Name").StoreType);
    }

    [Fact]
    public void ReadHeader_of_a_stream_reads_only_the_header()
    {
        var snapshot = ChinookFiles.Dump(ChinookFiles.CopySource(_directory), _directory.File("chinook.dbpickle"));
        using var stream = File.OpenRead(snapshot);

        var header = SnapshotFile.ReadHeader(stream);

        Assert.Equal(11, header.Tables.Count);

        // Preamble (16 bytes), header, header checksum (8 bytes): the stream stops right there.
        var headerLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(snapshot).AsSpan(12, 4));
        Assert.Equal(16 + headerLength + 8, stream.Position);
    }
}
