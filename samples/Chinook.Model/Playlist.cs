using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;

namespace Chinook;

/// <summary>A named list of tracks; row of the <c>Playlist</c> table.</summary>
[Snapshot]
[Table("Playlist")]
public class Playlist
{
    /// <summary>Primary key.</summary>
    [Key]
    public int PlaylistId { get; set; }

    /// <summary>The playlist's name; not unique ("Music" and "Movies" appear twice).</summary>
    [MaxLength(120)]
    [Column(TypeName = "NVARCHAR(120)")]
    public string? Name { get; set; }

    /// <summary>The playlist's entries.</summary>
    public ICollection<PlaylistTrack> PlaylistTracks { get; set; } = new List<PlaylistTrack>();
}
