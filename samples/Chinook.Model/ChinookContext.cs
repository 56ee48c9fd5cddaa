using Microsoft.EntityFrameworkCore;

namespace Chinook;

/// <summary>
/// The Chinook music store database (version with invoices dated 2021–2025), mapped exactly onto the tables of
/// <c>Chinook_Sqlite.sqlite</c>. Table and column shapes come from data annotations on the entities; keys and
/// relationships that annotations cannot express are configured in <see cref="OnModelCreating"/>.
/// </summary>
public class ChinookContext : DbContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="options">Options with the provider and connection, e.g. from <see cref="ChinookDatabase.Open"/>.</param>
    public ChinookContext(DbContextOptions<ChinookContext> options)
        : base(options)
    {
    }

    /// <summary>For contexts that derive from this one to map the same entities differently (another engine's names and types).</summary>
    /// <param name="options">Options built for the derived context type.</param>
    protected ChinookContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>Rows of the <c>Album</c> table.</summary>
    public DbSet<Album> Albums => Set<Album>();

    /// <summary>Rows of the <c>Artist</c> table.</summary>
    public DbSet<Artist> Artists => Set<Artist>();

    /// <summary>Rows of the <c>Customer</c> table.</summary>
    public DbSet<Customer> Customers => Set<Customer>();

    /// <summary>Rows of the <c>Employee</c> table.</summary>
    public DbSet<Employee> Employees => Set<Employee>();

    /// <summary>Rows of the <c>Genre</c> table.</summary>
    public DbSet<Genre> Genres => Set<Genre>();

    /// <summary>Rows of the <c>Invoice</c> table.</summary>
    public DbSet<Invoice> Invoices => Set<Invoice>();

    /// <summary>Rows of the <c>InvoiceLine</c> table.</summary>
    public DbSet<InvoiceLine> InvoiceLines => Set<InvoiceLine>();

    /// <summary>Rows of the <c>MediaType</c> table.</summary>
    public DbSet<MediaType> MediaTypes => Set<MediaType>();

    /// <summary>Rows of the <c>Playlist</c> table.</summary>
    public DbSet<Playlist> Playlists => Set<Playlist>();

    /// <summary>Rows of the <c>PlaylistTrack</c> table.</summary>
    public DbSet<PlaylistTrack> PlaylistTracks => Set<PlaylistTrack>();

    /// <summary>Rows of the <c>Track</c> table.</summary>
    public DbSet<Track> Tracks => Set<Track>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        // The file declares every foreign key ON DELETE NO ACTION and without a constraint name; the names given
        // here only matter for databases created from the model (EnsureCreated, migrations) and mirror the
        // file's index names. The IFK_ index names are the file's own.
        modelBuilder.Entity<Album>(album =>
        {
            album.HasOne(a => a.Artist).WithMany(a => a.Albums).HasForeignKey(a => a.ArtistId)
                .HasConstraintName("FK_AlbumArtistId").OnDelete(DeleteBehavior.NoAction);
            album.HasIndex(a => a.ArtistId).HasDatabaseName("IFK_AlbumArtistId");
        });

        modelBuilder.Entity<Customer>(customer =>
        {
            customer.HasOne(c => c.SupportRep).WithMany(e => e.Customers).HasForeignKey(c => c.SupportRepId)
                .HasConstraintName("FK_CustomerSupportRepId").OnDelete(DeleteBehavior.NoAction);
            customer.HasIndex(c => c.SupportRepId).HasDatabaseName("IFK_CustomerSupportRepId");
        });

        modelBuilder.Entity<Employee>(employee =>
        {
            // Self-reference: the column is called ReportsTo, not ManagerId, so convention would not find it.
            employee.HasOne(e => e.Manager).WithMany(e => e.DirectReports).HasForeignKey(e => e.ReportsTo)
                .HasConstraintName("FK_EmployeeReportsTo").OnDelete(DeleteBehavior.NoAction);
            employee.HasIndex(e => e.ReportsTo).HasDatabaseName("IFK_EmployeeReportsTo");
        });

        modelBuilder.Entity<Invoice>(invoice =>
        {
            invoice.HasOne(i => i.Customer).WithMany(c => c.Invoices).HasForeignKey(i => i.CustomerId)
                .HasConstraintName("FK_InvoiceCustomerId").OnDelete(DeleteBehavior.NoAction);
            invoice.HasIndex(i => i.CustomerId).HasDatabaseName("IFK_InvoiceCustomerId");
        });

        modelBuilder.Entity<InvoiceLine>(line =>
        {
            line.HasOne(l => l.Invoice).WithMany(i => i.InvoiceLines).HasForeignKey(l => l.InvoiceId)
                .HasConstraintName("FK_InvoiceLineInvoiceId").OnDelete(DeleteBehavior.NoAction);
            line.HasOne(l => l.Track).WithMany(t => t.InvoiceLines).HasForeignKey(l => l.TrackId)
                .HasConstraintName("FK_InvoiceLineTrackId").OnDelete(DeleteBehavior.NoAction);
            line.HasIndex(l => l.InvoiceId).HasDatabaseName("IFK_InvoiceLineInvoiceId");
            line.HasIndex(l => l.TrackId).HasDatabaseName("IFK_InvoiceLineTrackId");
        });

        modelBuilder.Entity<PlaylistTrack>(entry =>
        {
            entry.HasKey(pt => new { pt.PlaylistId, pt.TrackId }).HasName("PK_PlaylistTrack");
            entry.HasOne(pt => pt.Playlist).WithMany(p => p.PlaylistTracks).HasForeignKey(pt => pt.PlaylistId)
                .HasConstraintName("FK_PlaylistTrackPlaylistId").OnDelete(DeleteBehavior.NoAction);
            entry.HasOne(pt => pt.Track).WithMany(t => t.PlaylistTracks).HasForeignKey(pt => pt.TrackId)
                .HasConstraintName("FK_PlaylistTrackTrackId").OnDelete(DeleteBehavior.NoAction);

            // The key already leads with PlaylistId, so convention adds no index for it; the file has one anyway.
            entry.HasIndex(pt => pt.PlaylistId).HasDatabaseName("IFK_PlaylistTrackPlaylistId");
            entry.HasIndex(pt => pt.TrackId).HasDatabaseName("IFK_PlaylistTrackTrackId");
        });

        modelBuilder.Entity<Track>(track =>
        {
            track.HasOne(t => t.Album).WithMany(a => a.Tracks).HasForeignKey(t => t.AlbumId)
                .HasConstraintName("FK_TrackAlbumId").OnDelete(DeleteBehavior.NoAction);
            track.HasOne(t => t.Genre).WithMany(g => g.Tracks).HasForeignKey(t => t.GenreId)
                .HasConstraintName("FK_TrackGenreId").OnDelete(DeleteBehavior.NoAction);
            track.HasOne(t => t.MediaType).WithMany(m => m.Tracks).HasForeignKey(t => t.MediaTypeId)
                .HasConstraintName("FK_TrackMediaTypeId").OnDelete(DeleteBehavior.NoAction);
            track.HasIndex(t => t.AlbumId).HasDatabaseName("IFK_TrackAlbumId");
            track.HasIndex(t => t.GenreId).HasDatabaseName("IFK_TrackGenreId");
            track.HasIndex(t => t.MediaTypeId).HasDatabaseName("IFK_TrackMediaTypeId");
        });
    }
}
