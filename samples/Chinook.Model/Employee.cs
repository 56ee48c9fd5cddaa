using System.ComponentModel.DataAnnotations;
using System.ComponentModel.DataAnnotations.Schema;
using DbPickle;

namespace Chinook;

/// <summary>An employee of the store; row of the <c>Employee</c> table.</summary>
[Snapshot]
[Table("Employee")]
public class Employee
{
    /// <summary>Primary key.</summary>
    [Key]
    public int EmployeeId { get; set; }

    /// <summary>Last name.</summary>
    [MaxLength(20)]
    [Column(TypeName = "NVARCHAR(20)")]
    public string LastName { get; set; } = null!;

    /// <summary>First name.</summary>
    [MaxLength(20)]
    [Column(TypeName = "NVARCHAR(20)")]
    public string FirstName { get; set; } = null!;

    /// <summary>Job title.</summary>
    [MaxLength(30)]
    [Column(TypeName = "NVARCHAR(30)")]
    public string? Title { get; set; }

    /// <summary>Key of the employee's manager; <see langword="null"/> for the top of the hierarchy.</summary>
    public int? ReportsTo { get; set; }

    /// <summary>Date of birth.</summary>
    [Column(TypeName = "DATETIME")]
    public DateTime? BirthDate { get; set; }

    /// <summary>Date of hire.</summary>
    [Column(TypeName = "DATETIME")]
    public DateTime? HireDate { get; set; }

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

    /// <summary>Postal code.</summary>
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
    public string? Email { get; set; }

    /// <summary>The employee's manager (through <see cref="ReportsTo"/>).</summary>
    public Employee? Manager { get; set; }

    /// <summary>Employees whose <see cref="ReportsTo"/> is this employee.</summary>
    public ICollection<Employee> DirectReports { get; set; } = new List<Employee>();

    /// <summary>Customers this employee supports.</summary>
    public ICollection<Customer> Customers { get; set; } = new List<Customer>();
}
