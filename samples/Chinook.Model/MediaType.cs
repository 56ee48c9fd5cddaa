using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;

namespace Chinook;

/// <summary>A media file format such as "MPEG audio file"; row of the <c>MediaType</c> table.</summary>
[Snapshot]
[Table("MediaType")]
public class MediaType
{
    /// <summary>Primary key.</summary>
    [Key]
    public int MediaTypeId { get; set; }

    /// <summary>The format's name.</summary>
    [MaxLength(120)]
    [Column(TypeName = "NVARCHAR(120)")]
    public string? Name { get; set; }

    /// <summary>Tracks in this format.</summary>
    public ICollection<Track> Tracks { get; set; } = new List<Track>();
}
