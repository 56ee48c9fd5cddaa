using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;

namespace Chinook;

/// <summary>A musical genre; row of the <c>Genre</c> table.</summary>
[Snapshot]
[Table("Genre")]
public class Genre
{
    /// <summary>Primary key.</summary>
    [Key]
    public int GenreId { get; set; }

    /// <summary>The genre's name.</summary>
    [MaxLength(120)]
    [Column(TypeName = "NVARCHAR(120)")]
    public string? Name { get; set; }

    /// <summary>Tracks of this genre.</summary>
    public ICollection<Track> Tracks { get; set; } = new List<Track>();
}
