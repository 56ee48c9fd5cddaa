using DbPickle.Tests.Infrastructure;
using DbPickle.Tests.Models.Lengths.Narrow;
using DbPickle.Tests.Models.Lengths.Wide;

namespace DbPickle.Tests;

/// <summary>Values the target's model cannot take are all reported in one exception, before anything is written.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Values_longer_than_the_targets_MaxLength_are_all_listed_and_nothing_is_written()
    {
        var snapshot = DumpWide();
        var target = CreateNarrowTarget();
        var before = Sqlite.Hash(target);

        SnapshotValidationException exception;
        using (var db = NarrowContext.Open(target))
        {
            exception = Assert.Throws<SnapshotValidationException>(() => NarrowContextSnapshot.Load(db, snapshot));
        }

        Assert.Equal(3, exception.TotalViolations);
        Assert.Equal(
            ["Products|Id=1|Code|7 characters|at most 5", "Products|Id=1|Name|8 characters|at most 5", "Products|Id=3|Name|12 characters|at most 5"],
            exception.Violations.Select(v => $"{v.Table}|{v.Key}|{v.Column}|{Size(v.Problem)}|{Limit(v.Problem)}").Order(StringComparer.Ordinal));
        foreach (var violation in exception.Violations)
        {
            Assert.Contains(violation.ToString(), exception.Message, StringComparison.Ordinal);
        }

        Sqlite.AssertUnchanged(target, before);
    }

    [Fact]
    public void MaxReportedViolations_caps_the_list_but_not_the_total()
    {
        var snapshot = DumpWide();
        var target = CreateNarrowTarget();
        var before = Sqlite.Hash(target);

        SnapshotValidationException exception;
        using (var db = NarrowContext.Open(target))
        {
            exception = Assert.Throws<SnapshotValidationException>(
                () => NarrowContextSnapshot.Load(db, snapshot, new LoadOptions { MaxReportedViolations = 1 }));
        }

        Assert.Equal(3, exception.TotalViolations);
        Assert.Single(exception.Violations);
        Assert.Contains("2 more", exception.Message, StringComparison.Ordinal);
        Sqlite.AssertUnchanged(target, before);
    }

    private static string Size(string problem) => System.Text.RegularExpressions.Regex.Match(problem, @"\d+ characters").Value;

    private static string Limit(string problem) => System.Text.RegularExpressions.Regex.Match(problem, @"at most \d+").Value;

    private string DumpWide()
    {
        var source = _directory.File("wide.sqlite");
        using (var db = WideContext.Open(source))
        {
            db.Database.EnsureCreated();
            db.Products.AddRange(
                new Models.Lengths.Wide.Product { Id = 1, Name = "Abcdefgh", Code = "ABCDEFG" },
                new Models.Lengths.Wide.Product { Id = 2, Name = "Fits", Code = "OK" },
                new Models.Lengths.Wide.Product { Id = 3, Name = "Twelve chars", Code = null });
            db.SaveChanges();
        }

        var snapshot = _directory.File("wide.dbpickle");
        using (var db = WideContext.Open(source))
        {
            WideContextSnapshot.Dump(db, snapshot);
        }

        return snapshot;
    }

    private string CreateNarrowTarget()
    {
        var target = _directory.File("narrow.sqlite");
        using var db = NarrowContext.Open(target);
        db.Database.EnsureCreated();
        db.Products.Add(new Models.Lengths.Narrow.Product { Id = 9, Name = "Keep" });
        db.SaveChanges();
        return target;
    }
}
