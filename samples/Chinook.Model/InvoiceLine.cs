using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;
using Microsoft.EntityFrameworkCore;

namespace Chinook;

/// <summary>One purchased track on an invoice; row of the <c>InvoiceLine</c> table.</summary>
[Snapshot]
[Table("InvoiceLine")]
public class InvoiceLine
{
    /// <summary>Primary key.</summary>
    [Key]
    public int InvoiceLineId { get; set; }

    /// <summary>Key of the <see cref="Invoice"/> the line belongs to.</summary>
    public int InvoiceId { get; set; }

    /// <summary>Key of the purchased <see cref="Track"/>.</summary>
    public int TrackId { get; set; }

    /// <summary>Price of one unit.</summary>
    [Precision(10, 2)]
    [Column(TypeName = "NUMERIC(10,2)")]
    public decimal UnitPrice { get; set; }

    /// <summary>Number of units.</summary>
    public int Quantity { get; set; }

    /// <summary>The invoice the line belongs to.</summary>
    public Invoice Invoice { get; set; } = null!;

    /// <summary>The purchased track.</summary>
    public Track Track { get; set; } = null!;
}
