using System.Data.Common;
using DbPickle.Engines.Tests.Infrastructure;
using DbPickle.TestServers;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Keys;

/// <summary>Which rows of <see cref="OrgContext"/> a snapshot holds.</summary>
public enum OrgData
{
    /// <summary>A 1,200-node chain in which every child has a smaller key than its parent (so the file lists children first), spanning several insert batches.</summary>
    DeepTree,

    /// <summary>Two nodes that are each other's parent, and a child of one of them.</summary>
    SelfCycle,

    /// <summary>
    /// Department 1's manager is employee 10, who works in department 1: no order of the two tables satisfies every
    /// row (inserting Departments first, as DbPickle does, fails per statement on PostgreSQL unless the checks are
    /// lifted).
    /// </summary>
    FullCycle,
}

/// <summary>
/// A self-referencing table and two tables referencing each other load on every engine, keys intact, and the
/// application can insert afterwards. DbPickle inserts tables in foreign-key order (in a cycle, DbSet order:
/// Departments first), rows of a self-referencing table parents first, and verifies orphans before COMMIT. SQLite
/// defers foreign keys to COMMIT and MariaDB loads with foreign_key_checks off, so any order works there.
/// PostgreSQL checks EF's NOT DEFERRABLE constraints at the end of every statement: DbPickle drops the foreign keys
/// inside the load's transaction and re-creates them before COMMIT, which needs ownership of the tables. A role
/// without it keeps the constraints (docs/ENGINES.md), and then a cycle no table order satisfies cannot load: the
/// load fails and changes nothing. Every failed load must leave the target as it was.
/// </summary>
public sealed class CycleTests
{
    private static readonly Dictionary<OrgData, Lazy<byte[]>> s_snapshots =
        Enum.GetValues<OrgData>().ToDictionary(d => d, d => new Lazy<byte[]>(() => DumpSource(d)));

    public static TheoryData<Engine, OrgData> EnginesAndData()
    {
        var data = new TheoryData<Engine, OrgData>();
        foreach (var engine in Enum.GetValues<Engine>())
        {
            foreach (var rows in Enum.GetValues<OrgData>())
            {
                data.Add(engine, rows);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnginesAndData))]
    public void Loads_into_an_empty_target_with_keys_and_references_intact(Engine engine, OrgData data)
    {
        var snapshot = s_snapshots[data].Value;
        using var database = CreateOrg(engine);
        var before = Read(database);
        var failure = Record.Exception(() =>
        {
            using var db = KeyDatabases.OpenOrg(database);
            OrgContextSnapshot.Load(db, new MemoryStream(snapshot), new LoadOptions { Mode = LoadMode.RequireEmpty });
        });
        if (failure is not null)
        {
            Assert.Equal(before, Read(database));
            Assert.Fail($"{engine} {data}: the load failed (and changed nothing): {failure.GetType().Name}: {failure.Message}");
        }

        Assert.Equal(Expected(data), Read(database));
        AssertAppInserts(database);
    }

    /// <summary>
    /// Replace first deletes the target's rows, children before parents: in a populated cycle whichever table goes
    /// first still has rows referenced by the other.
    /// </summary>
    [Theory]
    [InlineData(Engine.Sqlite)]
    [InlineData(Engine.PostgreSql)]
    [InlineData(Engine.MariaDb)]
    public void Replaces_a_target_that_already_holds_a_cycle(Engine engine)
    {
        var snapshot = s_snapshots[OrgData.FullCycle].Value;
        using var database = CreateOrg(engine);
        Seed(database, new OrgRows(
            [(1, "Old dept", 50), (5, "Other old dept", 51)],
            [(50, "Old boss", 1), (51, "Old hand", 5)],
            [(7, "old child", 8), (8, "old root", null)]));
        var before = Read(database);
        var failure = Record.Exception(() =>
        {
            using var db = KeyDatabases.OpenOrg(database);
            OrgContextSnapshot.Load(db, new MemoryStream(snapshot));
        });
        if (failure is not null)
        {
            Assert.Equal(before, Read(database));
            Assert.Fail($"{engine}: Replace into a populated cycle failed (and changed nothing): {failure.GetType().Name}: {failure.Message}");
        }

        Assert.Equal(Expected(OrgData.FullCycle), Read(database));
        AssertAppInserts(database);
    }

    /// <summary>
    /// As a PostgreSQL role that may read and write the tables but does not own them, the constraints stay during the
    /// load: a self-reference still loads (parents first; a self-cycle within one statement), the cross-table cycle
    /// cannot (Departments go first and reference employees not yet there), and the failed load changes nothing.
    /// </summary>
    [Theory]
    [InlineData(OrgData.DeepTree, true)]
    [InlineData(OrgData.SelfCycle, true)]
    [InlineData(OrgData.FullCycle, false)]
    public void PostgreSql_without_table_ownership_loads_self_references_but_not_a_cross_table_cycle(OrgData data, bool loads)
    {
        var snapshot = s_snapshots[data].Value;
        using var database = CreateOrg(Engine.PostgreSql);
        using var role = new NonOwnerRole(database);

        // The role really cannot drop the constraints, so the load takes the constraints-kept path.
        var denied = Assert.Throws<Npgsql.PostgresException>(() => TestDatabase.ExecutePostgres(
            role.ConnectionString, "ALTER TABLE \"Departments\" DROP CONSTRAINT \"FK_Departments_Employees_ManagerId\""));
        Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, denied.SqlState);

        var failure = Record.Exception(() =>
        {
            using var db = new OrgContext(Options(role.ConnectionString));
            OrgContextSnapshot.Load(db, new MemoryStream(snapshot), new LoadOptions { Mode = LoadMode.RequireEmpty });
        });
        if (loads)
        {
            Assert.True(failure is null, $"{data}: {failure?.GetType().Name}: {failure?.Message}");
            Assert.Equal(Expected(data), Read(database));
            AssertAppInserts(database);
            return;
        }

        var exception = Assert.IsAssignableFrom<SnapshotException>(failure);
        Assert.Contains("Departments", exception.Message, StringComparison.Ordinal);
        Assert.Contains("FK_Departments_Employees_ManagerId", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was changed", exception.Message, StringComparison.Ordinal);
        Assert.Empty(Read(database));
    }

    /// <summary>
    /// Without ownership, Replace's DELETE (children first: Employees) fails on the populated cycle, because
    /// Departments still reference the employees; the target keeps its rows.
    /// </summary>
    [Fact]
    public void PostgreSql_without_table_ownership_Replace_of_a_populated_cycle_fails_and_changes_nothing()
    {
        var snapshot = s_snapshots[OrgData.FullCycle].Value;
        using var database = CreateOrg(Engine.PostgreSql);
        Seed(database, new OrgRows([(1, "Old dept", 50)], [(50, "Old boss", 1)], []));
        var before = Read(database);
        using var role = new NonOwnerRole(database);
        var failure = Record.Exception(() =>
        {
            using var db = new OrgContext(Options(role.ConnectionString));
            OrgContextSnapshot.Load(db, new MemoryStream(snapshot));
        });

        Assert.NotNull(failure);
        Assert.Contains("Employees", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, Read(database));
    }

    private static DbContextOptions<OrgContext> Options(string connectionString)
        => (DbContextOptions<OrgContext>)TestDatabase.Configure(new DbContextOptionsBuilder<OrgContext>(), Engine.PostgreSql, connectionString).Options;

    /// <summary>A login role with DML rights on the database's tables and sequences but no ownership; dropped on dispose.</summary>
    private sealed class NonOwnerRole : IDisposable
    {
        private readonly TestDatabase _database;

        public NonOwnerRole(TestDatabase database)
        {
            _database = database;
            Name = "keys_loader_" + Guid.NewGuid().ToString("N")[..12];
            TestDatabase.ExecutePostgres(PostgresServer.Shared.ConnectionString(), $"CREATE ROLE {Name} LOGIN");
            TestDatabase.ExecutePostgres(
                database.ConnectionString,
                $"GRANT USAGE ON SCHEMA public TO {Name}; GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {Name}; "
                + $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {Name}");
            ConnectionString = database.ConnectionString.Replace("Username=postgres", "Username=" + Name, StringComparison.Ordinal);
            Assert.NotEqual(database.ConnectionString, ConnectionString);
        }

        public string Name { get; }

        public string ConnectionString { get; }

        public void Dispose()
        {
            TestDatabase.ExecutePostgres(_database.ConnectionString, $"DROP OWNED BY {Name}");
            TestDatabase.ExecutePostgres(PostgresServer.Shared.ConnectionString(), $"DROP ROLE {Name}");
        }
    }

    private sealed record OrgRows(
        (int Id, string Name, int? Manager)[] Departments,
        (int Id, string Name, int? Department)[] Employees,
        (int Id, string Name, int? Parent)[] Nodes);

    private static readonly (int, string, int?)[] s_departments = [(1, "Sales", 10), (2, "Ops", 11), (3, "Nobody", null)];
    private static readonly (int, string, int?)[] s_employees = [(10, "Ann", 1), (11, "Bob", 2), (12, "Cy", 1)];

    private static OrgRows Rows(OrgData data) => data switch
    {
        OrgData.DeepTree => new OrgRows([], [], [.. Enumerable.Range(1, 1200).Select(i => (i, "n" + i, i < 1200 ? i + 1 : (int?)null))]),
        OrgData.SelfCycle => new OrgRows([], [], [(1, "a", 2), (2, "b", 1), (3, "child of a", 1), (4, "root", null)]),
        _ => new OrgRows(s_departments, s_employees, [(2, "child", 9), (9, "root", null)]),
    };

    private static List<string> Expected(OrgData data) => Lines(Rows(data));

    private static List<string> Lines(OrgRows rows)
        => KeyDatabases.Sorted(
            rows.Departments.Select(d => Line("D", d.Id, d.Name, d.Manager))
                .Concat(rows.Employees.Select(e => Line("E", e.Id, e.Name, e.Department)))
                .Concat(rows.Nodes.Select(n => Line("N", n.Id, n.Name, n.Parent))));

    private static string Line(string table, int id, string name, int? reference) => $"{table}{id}:{name}->{reference?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}";

    private static List<string> Read(TestDatabase database)
    {
        using var db = KeyDatabases.OpenOrg(database);
        db.Database.OpenConnection();
        return KeyDatabases.Sorted(
            db.Departments.AsNoTracking().AsEnumerable().Select(d => Line("D", d.Id, d.Name, d.ManagerId))
                .Concat(db.Employees.AsNoTracking().AsEnumerable().Select(e => Line("E", e.Id, e.Name, e.DepartmentId)))
                .Concat(db.Nodes.AsNoTracking().AsEnumerable().Select(n => Line("N", n.Id, n.Name, n.ParentId))));
    }

    /// <summary>One new row per table through EF Core, keys generated: each must be above every key in its table.</summary>
    private static void AssertAppInserts(TestDatabase database)
    {
        using var db = KeyDatabases.OpenOrg(database);
        db.Database.OpenConnection();
        var maxDepartment = db.Departments.Select(d => (int?)d.Id).Max() ?? 0;
        var maxEmployee = db.Employees.Select(e => (int?)e.Id).Max() ?? 0;
        var maxNode = db.Nodes.Select(n => (int?)n.Id).Max() ?? 0;
        var department = new Department { Name = "app dept" };
        var employee = new Employee { Name = "app employee", Department = department };
        var node = new Node { Name = "app node" };
        db.AddRange(department, employee, node);
        db.SaveChanges();
        department.Manager = employee;
        db.SaveChanges();
        Assert.True(department.Id > maxDepartment, $"{database.Engine}: app department got key {department.Id}, largest was {maxDepartment}");
        Assert.True(employee.Id > maxEmployee, $"{database.Engine}: app employee got key {employee.Id}, largest was {maxEmployee}");
        Assert.True(node.Id > maxNode, $"{database.Engine}: app node got key {node.Id}, largest was {maxNode}");
    }

    private static TestDatabase CreateOrg(Engine engine)
    {
        var database = TestDatabase.Create(engine);
        try
        {
            using var db = KeyDatabases.OpenOrg(database);
            db.Database.EnsureCreated();
            return database;
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes rows with plain SQL in one transaction that every engine accepts with immediate foreign key checks:
    /// references NULL first, then set by UPDATE.
    /// </summary>
    private static void Seed(TestDatabase database, OrgRows rows)
    {
        string Q(string name) => database.Engine == Engine.MariaDb ? $"`{name}`" : $"\"{name}\"";
        string N(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "NULL";
        var statements = new List<string>();
        void Insert(string table, IEnumerable<(int Id, string Name)> values)
        {
            var list = values.ToList();
            if (list.Count > 0)
            {
                statements.Add($"INSERT INTO {Q(table)} ({Q("Id")}, {Q("Name")}) VALUES "
                    + string.Join(", ", list.Select(v => $"({v.Id}, '{v.Name}')")));
            }
        }

        void Update(string table, string column, IEnumerable<(int Id, int? Reference)> values)
            => statements.AddRange(values.Where(v => v.Reference is not null)
                .Select(v => $"UPDATE {Q(table)} SET {Q(column)} = {N(v.Reference)} WHERE {Q("Id")} = {v.Id}"));

        Insert("Departments", rows.Departments.Select(d => (d.Id, d.Name)));
        Insert("Employees", rows.Employees.Select(e => (e.Id, e.Name)));
        Insert("Nodes", rows.Nodes.Select(n => (n.Id, n.Name)));
        Update("Departments", "ManagerId", rows.Departments.Select(d => (d.Id, d.Manager)));
        Update("Employees", "DepartmentId", rows.Employees.Select(e => (e.Id, e.Department)));
        Update("Nodes", "ParentId", rows.Nodes.Select(n => (n.Id, n.Parent)));
        if (database.Engine == Engine.PostgreSql)
        {
            // Keep the identity sequences consistent with the explicit keys, as a real database would be.
            statements.AddRange(new[] { "Departments", "Employees", "Nodes" }.Select(t =>
                $"SELECT setval(pg_get_serial_sequence('\"{t}\"', 'Id'), (SELECT MAX(\"Id\") FROM \"{t}\"))"));
        }

        using var db = KeyDatabases.OpenOrg(database);
        var connection = db.Database.GetDbConnection();
        connection.Open();
        using DbTransaction transaction = connection.BeginTransaction();
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static byte[] DumpSource(OrgData data)
    {
        using var database = CreateOrg(Engine.Sqlite);
        Seed(database, Rows(data));
        Assert.Equal(Expected(data), Read(database));
        if (data == OrgData.DeepTree)
        {
            // The dump reads the mapped columns without ORDER BY (a table scan, rowid order): children come before their parents.
            Assert.Equal(1L, KeyDatabases.Scalar(database, "SELECT \"Id\", \"Name\", \"ParentId\" FROM \"Nodes\" LIMIT 1"));
        }

        using var db = KeyDatabases.OpenOrg(database);
        using var stream = new MemoryStream();
        OrgContextSnapshot.Dump(db, stream);
        return stream.ToArray();
    }
}
