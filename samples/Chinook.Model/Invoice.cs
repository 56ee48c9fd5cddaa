using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;
using Microsoft.EntityFrameworkCore;

namespace Chinook;

/// <summary>An invoice sent to a customer; row of the <c>Invoice</c> table.</summary>
[Snapshot]
[Table("Invoice")]
public class Invoice
{
    /// <summary>Primary key.</summary>
    [Key]
    public int InvoiceId { get; set; }

    /// <summary>Key of the invoiced <see cref="Customer"/>.</summary>
    public int CustomerId { get; set; }

    /// <summary>Date of the invoice.</summary>
    [Column(TypeName = "DATETIME")]
    public DateTime InvoiceDate { get; set; }

    /// <summary>Billing street address.</summary>
    [MaxLength(70)]
    [Column(TypeName = "NVARCHAR(70)")]
    public string? BillingAddress { get; set; }

    /// <summary>Billing city.</summary>
    [MaxLength(40)]
    [Column(TypeName = "NVARCHAR(40)")]
    public string? BillingCity { get; set; }

    /// <summary>Billing state or province.</summary>
    [MaxLength(40)]
    [Column(TypeName = "NVARCHAR(40)")]
    public string? BillingState { get; set; }

    /// <summary>Billing country.</summary>
    [MaxLength(40)]
    [Column(TypeName = "NVARCHAR(40)")]
    public string? BillingCountry { get; set; }

    /// <summary>Billing postal code.</summary>
    [MaxLength(10)]
    [Column(TypeName = "NVARCHAR(10)")]
    public string? BillingPostalCode { get; set; }

    /// <summary>Invoice total.</summary>
    [Precision(10, 2)]
    [Column(TypeName = "NUMERIC(10,2)")]
    public decimal Total { get; set; }

    /// <summary>The invoiced customer.</summary>
    public Customer Customer { get; set; } = null!;

    /// <summary>The invoice's lines.</summary>
    public ICollection<InvoiceLine> InvoiceLines { get; set; } = new List<InvoiceLine>();
}
