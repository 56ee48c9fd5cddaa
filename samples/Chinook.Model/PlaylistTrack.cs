using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;

namespace Chinook;

/// <summary>
/// Membership of a track in a playlist; row of the <c>PlaylistTrack</c> table. Mapped as an explicit join entity
/// with the composite key (<see cref="PlaylistId"/>, <see cref="TrackId"/>), configured in
/// <see cref="ChinookContext"/>.
/// </summary>
[Snapshot]
[Table("PlaylistTrack")]
public class PlaylistTrack
{
    /// <summary>Key of the <see cref="Playlist"/>; first part of the primary key.</summary>
    public int PlaylistId { get; set; }

    /// <summary>Key of the <see cref="Track"/>; second part of the primary key.</summary>
    public int TrackId { get; set; }

    /// <summary>The playlist.</summary>
    public Playlist Playlist { get; set; } = null!;

    /// <summary>The track.</summary>
    public Track Track { get; set; } = null!;
}
