using System.ComponentModel.DataAnnotations.Schema;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Engines.Tests.Validation.Closure
{
    [Snapshot]
    [Table("Customers")]
    public class Customer
    {
        public int Id { get; set; }

        public string Name { get; set; } = string.Empty;
    }

    [Snapshot]
    [Table("Orders")]
    public class Order
    {
        public int Id { get; set; }

        public int CustomerId { get; set; }

        public Customer Customer { get; set; } = null!;
    }

    public class ClosureContext(DbContextOptions<ClosureContext> options) : DbContext(options)
    {
        public DbSet<Customer> Customers => Set<Customer>();

        public DbSet<Order> Orders => Set<Order>();
    }

    /// <summary>Drops customer 2 from every load, leaving its orders pointing at a row the snapshot no longer holds.</summary>
    public static partial class ClosureContextSnapshot
    {
        static partial void OnPreWalk(Customer entity, SnapshotRow row)
        {
            if (entity.Id == 2)
            {
                row.Skip();
            }
        }
    }
}
