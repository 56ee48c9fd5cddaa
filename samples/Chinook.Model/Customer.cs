using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;

namespace Chinook;

/// <summary>A customer of the store; row of the <c>Customer</c> table.</summary>
[Snapshot]
[Table("Customer")]
public class Customer
{
    /// <summary>Primary key.</summary>
    [Key]
    public int CustomerId { get; set; }

    /// <summary>First name.</summary>
    [MaxLength(40)]
    [Column(TypeName = "NVARCHAR(40)")]
    public string FirstName { get; set; } = null!;

    /// <summary>Last name.</summary>
    [MaxLength(20)]
    [Column(TypeName = "NVARCHAR(20)")]
    public string LastName { get; set; } = null!;

    /// <summary>Company the customer works for, if any.</summary>
    [MaxLength(80)]
    [Column(TypeName = "NVARCHAR(80)")]
    public string? Company { get; set; }

    /// <summary>Street address.</summary>
    [MaxLength(70)]
    [Column(TypeName = "NVARCHAR(70)")]
    public string? Address { get; set; }

    /// <summary>City.</summary>
    [MaxLength(40)]
    [Column(TypeName = "NVARCHAR(40)")]
    public string? City { get; set; }

    /// <summary>State or province.</summary>
    [MaxLength(40)]
    [Column(TypeName = "NVARCHAR(40)")]
    public string? State { get; set; }

    /// <summary>Country.</summary>
    [MaxLength(40)]
    [Column(TypeName = "NVARCHAR(40)")]
    public string? Country { get; set; }

    /// <summary>Postal code; text, since codes such as "0171" have leading zeros.</summary>
    [MaxLength(10)]
    [Column(TypeName = "NVARCHAR(10)")]
    public string? PostalCode { get; set; }

    /// <summary>Phone number.</summary>
    [MaxLength(24)]
    [Column(TypeName = "NVARCHAR(24)")]
    public string? Phone { get; set; }

    /// <summary>Fax number.</summary>
    [MaxLength(24)]
    [Column(TypeName = "NVARCHAR(24)")]
    public string? Fax { get; set; }

    /// <summary>E-mail address.</summary>
    [MaxLength(60)]
    [Column(TypeName = "NVARCHAR(60)")]
    public string Email { get; set; } = null!;

    /// <summary>Key of the <see cref="Employee"/> who looks after the customer.</summary>
    public int? SupportRepId { get; set; }

    /// <summary>The employee who looks after the customer.</summary>
    public Employee? SupportRep { get; set; }

    /// <summary>The customer's invoices.</summary>
    public ICollection<Invoice> Invoices { get; set; } = new List<Invoice>();
}
