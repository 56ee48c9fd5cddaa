using DbPickle.Tests.Infrastructure;
using DbPickle.Tests.Models.KeyCheck;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Tests;

/// <summary>
/// Duplicate keys and missing references are found before the first write on tables far larger than the key checks'
/// in-memory buffers, with keys arriving in no particular order: the checks sort and spill, they do not hash every key.
/// The hooks' key maps are static, so these tests run one at a time (one class).
/// </summary>
public sealed class KeyCheckTests : IDisposable
{
    /// <summary>Several times the per-stream buffer, so every stream spills runs to disk.</summary>
    private const int Parents = 40_000;
    private const int Children = 150_000;
    private const int Badges = 3;

    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        KeyCheckContextSnapshot.MapParentId = id => id;
        KeyCheckContextSnapshot.MapChildId = id => id;
        KeyCheckContextSnapshot.MapReference = id => KeyCheckContextSnapshot.MapParentId(id);
        _directory.Dispose();
    }

    [Fact]
    public void Keys_arriving_out_of_order_in_large_tables_load_when_they_are_consistent()
    {
        var file = DumpSource();

        // A permutation of the parent ids (and so of every reference to them) and of the child ids.
        KeyCheckContextSnapshot.MapParentId = id => Permute(id, Parents);
        KeyCheckContextSnapshot.MapChildId = id => Permute((int)id, Children);
        var target = CreateTarget();
        var summary = Load(file, target);

        Assert.Equal(Parents + Children + Badges, summary.TotalRows);
        Assert.Equal(Children, Sqlite.Scalar(target, "SELECT COUNT(*) FROM Children c JOIN Parents p ON p.Id = c.ParentId"));
        Assert.Equal(Permute(17 % Parents + 1, Parents), Sqlite.Scalar(target, $"SELECT ParentId FROM Children WHERE Id = {Permute(17, Children)}"));
    }

    [Fact]
    public void Two_rows_with_the_same_key_far_apart_are_reported_before_anything_is_written()
    {
        var file = DumpSource();
        KeyCheckContextSnapshot.MapChildId = id => id == Children - 5 ? 12 : id;
        var target = CreateTarget();
        var before = Sqlite.Hash(target);

        var error = Assert.Throws<SnapshotValidationException>(() => Load(file, target));

        var violation = Assert.Single(error.Violations);
        Assert.Equal(("Children", "Id=12", "Id"), (violation.Table, violation.Key, violation.Column));
        Assert.Contains("same primary key", violation.Problem, StringComparison.Ordinal);
        Sqlite.AssertUnchanged(target, before);
    }

    [Fact]
    public void References_to_keys_the_snapshot_lacks_are_reported_by_row_and_counted()
    {
        var file = DumpSource();

        // Parent 33,333 is renumbered but its children keep pointing at 33,333, which the snapshot no longer holds.
        KeyCheckContextSnapshot.MapParentId = id => id == 33_333 ? 1_000_000 + id : id;
        KeyCheckContextSnapshot.MapReference = id => id;
        var target = CreateTarget();
        var before = Sqlite.Hash(target);

        var error = Assert.Throws<SnapshotValidationException>(() => Load(file, target));

        // Children reference parent (id % Parents) + 1.
        var expected = Enumerable.Range(1, Children).Where(i => i % Parents + 1 == 33_333).Select(i => $"Id={i}").ToArray();
        Assert.Equal(3, expected.Length);
        Assert.Equal(expected.Length, error.TotalViolations);
        Assert.All(error.Violations, v => Assert.Equal(("Children", "ParentId"), (v.Table, v.Column)));
        Assert.Equal(expected.Order(StringComparer.Ordinal), error.Violations.Select(v => v.Key).Order(StringComparer.Ordinal));
        Assert.Contains("Parents [Id=33333]", error.Violations[0].Problem, StringComparison.Ordinal);
        Sqlite.AssertUnchanged(target, before);
    }

    [Fact]
    public void More_missing_references_than_a_merge_collects_are_all_counted_and_the_first_in_key_order_named()
    {
        var file = DumpSource();

        // Every parent is renumbered and every child still points at the old number: 150,000 missing references,
        // more than a parallel merge collects (100,000), so that merge runs again while reporting.
        KeyCheckContextSnapshot.MapParentId = id => 1_000_000 + id;
        KeyCheckContextSnapshot.MapReference = id => id;
        var target = CreateTarget();
        var before = Sqlite.Hash(target);

        var error = Assert.Throws<SnapshotValidationException>(() => Load(file, target));

        Assert.Equal(Children, error.TotalViolations);
        Assert.Equal(100, error.Violations.Count);
        Assert.All(error.Violations, v => Assert.Equal(("Children", "ParentId"), (v.Table, v.Column)));

        // Reported in the order of the referenced key: child i references parent (i % Parents) + 1, about four
        // children per parent, so the first hundred reports name children of the first thirty parents or so.
        var referenced = error.Violations.Select(v => (int.Parse(v.Key["Id=".Length..], System.Globalization.CultureInfo.InvariantCulture) % Parents) + 1).ToList();
        Assert.InRange(referenced.Max(), 1, 30);
        Sqlite.AssertUnchanged(target, before);
    }

    [Fact]
    public void A_Guid_reference_to_a_missing_row_is_reported()
    {
        var file = DumpSource(danglingBadge: true);
        var target = CreateTarget();

        var error = Assert.Throws<SnapshotValidationException>(() => Load(file, target));

        var violation = Assert.Single(error.Violations);
        Assert.Equal(("Children", "Id=99", "BadgeId"), (violation.Table, violation.Key, violation.Column));
        Assert.Contains("Badges [Id=", violation.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_loads_temporary_files_are_readable_by_this_user_only()
    {
        var file = DumpSource();
        var target = CreateTarget();
        var temporary = Directory.CreateDirectory(_directory.File("load-temp")).FullName;
        var seen = new Dictionary<string, UnixFileMode>();
        var progress = new SyncProgress<SnapshotProgress>(report =>
        {
            // The spilled key runs (150,000 children: more than one buffer) exist while rows are validated, the spool
            // until the last row is inserted.
            if (!OperatingSystem.IsWindows())
            {
                foreach (var path in Directory.GetFiles(temporary))
                {
                    seen[Path.GetExtension(path)] = File.GetUnixFileMode(path);
                }
            }
        });

        using (var db = new KeyCheckContext(Sqlite.Options<KeyCheckContext>(target)))
        {
            KeyCheckContextSnapshot.Load(db, file, new LoadOptions { TempDirectory = temporary, Progress = progress });
        }

        Assert.Equal([".keys", ".spool"], seen.Keys.Order(StringComparer.Ordinal));
        Assert.All(seen.Values, mode => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode));
        Assert.Empty(Directory.GetFiles(temporary));
    }

    /// <summary>A bijection of 1..n (n prime or not): multiplying by a number coprime with n, offset by one.</summary>
    private static int Permute(int id, int n) => (int)(((long)(id - 1) * 7_919 % n) + 1);

    private string DumpSource(bool danglingBadge = false)
    {
        var source = CreateTarget("source.sqlite");
        var badges = Enumerable.Range(1, Badges).Select(i => $"'{new Guid(i, 0, 0, new byte[8]).ToString().ToUpperInvariant()}'").ToArray();
        Sqlite.Execute(
            source,
            "PRAGMA foreign_keys = OFF",
            $"INSERT INTO Badges (Id) VALUES ({string.Join("), (", badges)})",
            $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Parents}) INSERT INTO Parents (Id, Token) SELECT i, '00000000-0000-0000-0000-000000000000' FROM n",
            $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Children}) "
                + $"INSERT INTO Children (Id, ParentId, BadgeId) SELECT i, (i % {Parents}) + 1, CASE WHEN i % 10 = 0 THEN {badges[0]} END FROM n");
        if (danglingBadge)
        {
            Sqlite.Execute(source, "PRAGMA foreign_keys = OFF", "UPDATE Children SET BadgeId = '0000FFFF-0000-0000-0000-000000000000' WHERE Id = 99");
        }

        var file = _directory.File("keys.dbpickle");
        using var db = new KeyCheckContext(Sqlite.Options<KeyCheckContext>(source));
        KeyCheckContextSnapshot.Dump(db, file);
        return file;
    }

    private string CreateTarget(string name = "target.sqlite")
    {
        var path = _directory.File(name);
        using var db = new KeyCheckContext(Sqlite.Options<KeyCheckContext>(path));
        db.Database.EnsureCreated();
        return path;
    }

    private static SnapshotSummary Load(string file, string target)
    {
        using var db = new KeyCheckContext(Sqlite.Options<KeyCheckContext>(target));
        return KeyCheckContextSnapshot.Load(db, file);
    }
}
