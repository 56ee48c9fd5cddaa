using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.CopyIn;

/// <summary><c>DateTimeOffset</c> columns (<c>timestamp with time zone</c> on PostgreSQL), which the encoded COPY writes from their UTC instant.</summary>
public class StampContext(DbContextOptions<StampContext> options) : DbContext(options)
{
    public DbSet<Stamp> Stamps => Set<Stamp>();
}

[Snapshot]
public class Stamp
{
    public int Id { get; set; }

    public DateTimeOffset At { get; set; }

    public DateTimeOffset? MaybeAt { get; set; }
}
