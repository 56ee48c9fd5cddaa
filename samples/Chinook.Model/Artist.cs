using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;

namespace Chinook;

/// <summary>A performing artist or band; row of the <c>Artist</c> table.</summary>
[Snapshot]
[Table("Artist")]
public class Artist
{
    /// <summary>Primary key.</summary>
    [Key]
    public int ArtistId { get; set; }

    /// <summary>The artist's name; nullable in the schema although every row has one.</summary>
    [MaxLength(120)]
    [Column(TypeName = "NVARCHAR(120)")]
    public string? Name { get; set; }

    /// <summary>The artist's albums.</summary>
    public ICollection<Album> Albums { get; set; } = new List<Album>();
}
