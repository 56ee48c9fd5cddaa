using Chinook;
using DbPickle.Tests.Infrastructure;
using DbPickle.Tests.Models.Tree;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Tests;

/// <summary>
/// Self-referencing tables: rows are inserted parents first whatever their order in the file. A trigger on the target
/// records the order in which rows arrive, since SQLite (deferred foreign keys) would accept any order.
/// </summary>
public sealed class SelfReferenceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Chinook_employees_load_with_their_managers_inserted_first()
    {
        var source = ChinookFiles.CopySource(_directory);
        var snapshot = ChinookFiles.Dump(source, _directory.File("chinook.dbpickle"));
        var target = ChinookFiles.CreateEmpty(_directory, "target.sqlite");
        AddInsertLog(target, "Employee", "EmployeeId", "ReportsTo");

        using (var db = ChinookDatabase.Open(target))
        {
            ChinookContextSnapshot.Load(db, snapshot);
        }

        ChinookFiles.AssertSameData(source, target);
        Assert.True(Sqlite.Scalar(target, "SELECT COUNT(*) FROM Employee WHERE ReportsTo IS NOT NULL") > 0);
        AssertParentsFirst(target, Sqlite.Scalar(source, "SELECT COUNT(*) FROM Employee"));
    }

    [Fact]
    public void A_tree_dumped_children_before_parents_loads_parents_first()
    {
        // Ids chosen so that rowid order (the dump's order) puts children before parents: 1 → 5 → 9, 2 → 7 → 1, ...
        (int Id, string Name, int? Parent)[] rows =
        [
            (9, "Root", null), (5, "Music", 9), (1, "Jazz", 5), (7, "Bebop", 1), (2, "Hard bop", 7),
            (3, "Books", 9), (4, "Poetry", 3), (8, "Second root", null), (6, "Child of second", 8),
        ];
        var source = _directory.File("source.sqlite");
        using (var db = TreeContext.Open(source))
        {
            db.Database.EnsureCreated();

            // Parents first at the source, one statement each, with foreign keys enforced.
            foreach (var (id, name, parent) in rows)
            {
                db.Database.ExecuteSql($"INSERT INTO Categories (Id, Name, ParentId) VALUES ({id}, {name}, {parent})");
            }
        }

        // The dump reads rows with this query (no ORDER BY): some child must come before its parent, or the test proves nothing.
        var dumpOrder = Sqlite.Column(source, "SELECT \"Id\", \"Name\", \"ParentId\" FROM \"Categories\"");
        Assert.Contains(rows, r => r.Parent is { } parent && dumpOrder.IndexOf(r.Id) < dumpOrder.IndexOf(parent));
        var snapshot = _directory.File("tree.dbpickle");
        using (var db = TreeContext.Open(source))
        {
            TreeContextSnapshot.Dump(db, snapshot);
        }

        var target = _directory.File("target.sqlite");
        using (var db = TreeContext.Open(target))
        {
            db.Database.EnsureCreated();
        }

        AddInsertLog(target, "Categories", "Id", "ParentId");
        SnapshotSummary summary;
        using (var db = TreeContext.Open(target))
        {
            summary = TreeContextSnapshot.Load(db, snapshot, new LoadOptions { Mode = LoadMode.RequireEmpty });
        }

        Assert.Equal(9, summary.TotalRows);
        using (var db = TreeContext.Open(target))
        {
            var loaded = db.Categories.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.ParentId }).ToList();
            Assert.Equal(rows.OrderBy(r => r.Id).Select(r => (r.Id, r.Name, r.Parent)), loaded.Select(c => (c.Id, c.Name, c.ParentId)));
        }

        AssertParentsFirst(target, rows.Length);
    }

    /// <summary>Records every row inserted into <paramref name="table"/>, in insertion order, in a table outside the model.</summary>
    private static void AddInsertLog(string database, string table, string key, string parent)
        => Sqlite.Execute(
            database,
            "CREATE TABLE InsertLog (Seq INTEGER PRIMARY KEY AUTOINCREMENT, RowId INTEGER NOT NULL, ParentId INTEGER)",
            $"CREATE TRIGGER LogInsert AFTER INSERT ON \"{table}\" BEGIN INSERT INTO InsertLog (RowId, ParentId) VALUES (NEW.\"{key}\", NEW.\"{parent}\"); END");

    private static void AssertParentsFirst(string database, long expectedRows)
    {
        var inserted = Sqlite.Column(database, "SELECT RowId FROM InsertLog ORDER BY Seq");
        var parents = Sqlite.Column(database, "SELECT COALESCE(ParentId, -1) FROM InsertLog ORDER BY Seq");
        Assert.Equal(expectedRows, inserted.Count);
        for (var i = 0; i < inserted.Count; i++)
        {
            if (parents[i] >= 0)
            {
                var parentPosition = inserted.IndexOf(parents[i]);
                Assert.True(parentPosition >= 0 && parentPosition < i, $"row {inserted[i]} was inserted before its parent {parents[i]}: {string.Join(", ", inserted)}");
            }
        }
    }
}
