using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;

namespace Chinook;

/// <summary>An album of one artist; row of the <c>Album</c> table.</summary>
[Snapshot]
[Table("Album")]
public class Album
{
    /// <summary>Primary key.</summary>
    [Key]
    public int AlbumId { get; set; }

    /// <summary>The album's title.</summary>
    [MaxLength(160)]
    [Column(TypeName = "NVARCHAR(160)")]
    public string Title { get; set; } = null!;

    /// <summary>Key of the <see cref="Artist"/> who made the album.</summary>
    public int ArtistId { get; set; }

    /// <summary>The artist who made the album.</summary>
    public Artist Artist { get; set; } = null!;

    /// <summary>The album's tracks.</summary>
    public ICollection<Track> Tracks { get; set; } = new List<Track>();
}
