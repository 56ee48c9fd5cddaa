namespace DbPickle.Engines.Tests.Infrastructure;

/// <summary>The database engines every cross-engine test runs on.</summary>
public enum Engine
{
    Sqlite,
    PostgreSql,
    MariaDb,
}
