using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;
using Microsoft.EntityFrameworkCore;

namespace Chinook;

/// <summary>A song or video; row of the <c>Track</c> table.</summary>
[Snapshot]
[Table("Track")]
public class Track
{
    /// <summary>Primary key.</summary>
    [Key]
    public int TrackId { get; set; }

    /// <summary>The track's name.</summary>
    [MaxLength(200)]
    [Column(TypeName = "NVARCHAR(200)")]
    public string Name { get; set; } = null!;

    /// <summary>Key of the <see cref="Album"/>, if any.</summary>
    public int? AlbumId { get; set; }

    /// <summary>Key of the <see cref="MediaType"/>.</summary>
    public int MediaTypeId { get; set; }

    /// <summary>Key of the <see cref="Genre"/>, if any.</summary>
    public int? GenreId { get; set; }

    /// <summary>Composer(s), if known.</summary>
    [MaxLength(220)]
    [Column(TypeName = "NVARCHAR(220)")]
    public string? Composer { get; set; }

    /// <summary>Length in milliseconds.</summary>
    public int Milliseconds { get; set; }

    /// <summary>File size in bytes (largest in the data is about 1.06e9, within <see cref="int"/>).</summary>
    public int? Bytes { get; set; }

    /// <summary>Price of the track.</summary>
    [Precision(10, 2)]
    [Column(TypeName = "NUMERIC(10,2)")]
    public decimal UnitPrice { get; set; }

    /// <summary>The album, if any.</summary>
    public Album? Album { get; set; }

    /// <summary>The format of the track.</summary>
    public MediaType MediaType { get; set; } = null!;

    /// <summary>The genre, if any.</summary>
    public Genre? Genre { get; set; }

    /// <summary>Invoice lines that sold this track.</summary>
    public ICollection<InvoiceLine> InvoiceLines { get; set; } = new List<InvoiceLine>();

    /// <summary>Playlist entries of this track.</summary>
    public ICollection<PlaylistTrack> PlaylistTracks { get; set; } = new List<PlaylistTrack>();
}
