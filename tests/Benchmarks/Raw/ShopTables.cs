using System.Data.Common;
using DbPickle.Benchmarks.Shop;

namespace DbPickle.Benchmarks.Raw;

/// <summary>Receives one row's values, column by column, for an INSERT's parameters or a COPY stream.</summary>
/// <remarks>Implemented by structs and passed by ref, so the JIT specialises every call: no interface dispatch per value.</remarks>
public interface IRowWriter
{
    void Int(int value);

    void Int(int? value);

    void Text(string value);

    void TextOrNull(string? value);

    void Fixed(string value);

    void Decimal(decimal value);

    void Decimal(decimal? value);

    void Timestamp(DateTime value);

    void Timestamp(DateTime? value);

    void Date(DateOnly? value);

    void Bool(bool value);

    void Double(double? value);

    void Uuid(Guid value);
}

/// <summary>Receives the typed values a raw reader reads (to checksum them or just to consume them).</summary>
public interface IValueSink
{
    void Value<T>(T value);

    void EndRow();
}

/// <summary>A sink that only counts values: the raw reader's cost is the reads themselves.</summary>
public struct CountingSink : IValueSink
{
    public long Values;

    public void Value<T>(T value) => Values++;

    public readonly void EndRow()
    {
    }
}

/// <summary>
/// A sink that hashes every value, to prove two databases hold the same rows whatever order they return them in
/// (a sum of row hashes). Not used while timing.
/// </summary>
public struct HashingSink : IValueSink
{
    private HashCode _row;
    private long _sum;
    private long _rows;

    public void Value<T>(T value) => _row.Add(value);

    public void EndRow()
    {
        _sum += _row.ToHashCode();
        _rows++;
        _row = default;
    }

    public readonly string Hash => $"{_rows}:{_sum:x}";
}

/// <summary>
/// The shop's tables written by hand: column lists, how each entity's values are written, and how each table is read
/// back with typed <see cref="DbDataReader.GetFieldValue{T}(int)"/> calls, column by column. This is the "raw limit"
/// code: what an application would write without any library.
/// </summary>
public static class ShopTables
{
    public sealed record Table(string Name, string[] Columns);

    public static readonly Table Categories = new("Categories", ["Id", "ParentId", "Name", "Slug", "Description", "SortOrder"]);
    public static readonly Table Tags = new("Tags", ["Id", "Name", "Color"]);
    public static readonly Table Customers = new(
        "Customers", ["Id", "Email", "FirstName", "LastName", "Phone", "City", "CountryCode", "CreatedAt", "BirthDate", "IsVip", "CreditLimit"]);
    public static readonly Table Products = new(
        "Products", ["Id", "CategoryId", "Sku", "Name", "Description", "Price", "WeightKg", "Stock", "IsActive", "CreatedAt", "ExternalId"]);
    public static readonly Table ProductTags = new("ProductTags", ["ProductId", "TagId"]);
    public static readonly Table Orders = new("Orders", ["Id", "CustomerId", "OrderedAt", "ShippedAt", "Status", "Total", "ShippingAddress", "Note"]);
    public static readonly Table OrderLines = new("OrderLines", ["OrderId", "LineNo", "ProductId", "Quantity", "UnitPrice", "Discount"]);

    /// <summary>Foreign-key order: every table after the tables it references.</summary>
    public static readonly Table[] All = [Categories, Tags, Customers, Products, ProductTags, Orders, OrderLines];

    public static string Quoted(string identifier) => "\"" + identifier + "\"";

    public static string ColumnList(Table table) => string.Join(", ", table.Columns.Select(Quoted));

    public static string SelectAll(Table table) => $"SELECT {ColumnList(table)} FROM {Quoted(table.Name)}";

    public static void Write<TWriter>(ref TWriter w, Category c)
        where TWriter : struct, IRowWriter
    {
        w.Int(c.Id);
        w.Int(c.ParentId);
        w.Text(c.Name);
        w.Text(c.Slug);
        w.TextOrNull(c.Description);
        w.Int(c.SortOrder);
    }

    public static void Write<TWriter>(ref TWriter w, Tag t)
        where TWriter : struct, IRowWriter
    {
        w.Int(t.Id);
        w.Text(t.Name);
        w.TextOrNull(t.Color);
    }

    public static void Write<TWriter>(ref TWriter w, Customer c)
        where TWriter : struct, IRowWriter
    {
        w.Int(c.Id);
        w.Text(c.Email);
        w.Text(c.FirstName);
        w.Text(c.LastName);
        w.TextOrNull(c.Phone);
        w.TextOrNull(c.City);
        w.Fixed(c.CountryCode);
        w.Timestamp(c.CreatedAt);
        w.Date(c.BirthDate);
        w.Bool(c.IsVip);
        w.Decimal(c.CreditLimit);
    }

    public static void Write<TWriter>(ref TWriter w, Product p)
        where TWriter : struct, IRowWriter
    {
        w.Int(p.Id);
        w.Int(p.CategoryId);
        w.Text(p.Sku);
        w.Text(p.Name);
        w.TextOrNull(p.Description);
        w.Decimal(p.Price);
        w.Double(p.WeightKg);
        w.Int(p.Stock);
        w.Bool(p.IsActive);
        w.Timestamp(p.CreatedAt);
        w.Uuid(p.ExternalId);
    }

    public static void Write<TWriter>(ref TWriter w, ProductTag pt)
        where TWriter : struct, IRowWriter
    {
        w.Int(pt.ProductId);
        w.Int(pt.TagId);
    }

    public static void Write<TWriter>(ref TWriter w, Order o)
        where TWriter : struct, IRowWriter
    {
        w.Int(o.Id);
        w.Int(o.CustomerId);
        w.Timestamp(o.OrderedAt);
        w.Timestamp(o.ShippedAt);
        w.Text(o.Status.ToString()); // EF's HasConversion<string>() stores the enum's name
        w.Decimal(o.Total);
        w.TextOrNull(o.ShippingAddress);
        w.TextOrNull(o.Note);
    }

    public static void Write<TWriter>(ref TWriter w, OrderLine l)
        where TWriter : struct, IRowWriter
    {
        w.Int(l.OrderId);
        w.Int(l.LineNo);
        w.Int(l.ProductId);
        w.Int(l.Quantity);
        w.Decimal(l.UnitPrice);
        w.Decimal(l.Discount);
    }

    /// <summary>
    /// Reads every row <paramref name="r"/> returns for <paramref name="table"/> (selected with <see cref="SelectAll"/>)
    /// into the sink, one typed read per column; the dispatch on the table happens once, not per row.
    /// </summary>
    public static long ReadAll<TSink>(Table table, DbDataReader r, ref TSink s)
        where TSink : struct, IValueSink
    {
        long rows = 0;
        switch (table.Name)
        {
            case "Categories":
                while (r.Read())
                {
                    s.Value(r.GetFieldValue<int>(0));
                    s.Value(N<int>(r, 1));
                    s.Value(r.GetFieldValue<string>(2));
                    s.Value(r.GetFieldValue<string>(3));
                    s.Value(S(r, 4));
                    s.Value(r.GetFieldValue<int>(5));
                    s.EndRow();
                    rows++;
                }

                break;
            case "Tags":
                while (r.Read())
                {
                    s.Value(r.GetFieldValue<int>(0));
                    s.Value(r.GetFieldValue<string>(1));
                    s.Value(S(r, 2));
                    s.EndRow();
                    rows++;
                }

                break;
            case "Customers":
                while (r.Read())
                {
                    s.Value(r.GetFieldValue<int>(0));
                    s.Value(r.GetFieldValue<string>(1));
                    s.Value(r.GetFieldValue<string>(2));
                    s.Value(r.GetFieldValue<string>(3));
                    s.Value(S(r, 4));
                    s.Value(S(r, 5));
                    s.Value(r.GetFieldValue<string>(6));
                    s.Value(r.GetFieldValue<DateTime>(7));
                    s.Value(N<DateOnly>(r, 8));
                    s.Value(r.GetFieldValue<bool>(9));
                    s.Value(N<decimal>(r, 10));
                    s.EndRow();
                    rows++;
                }

                break;
            case "Products":
                while (r.Read())
                {
                    s.Value(r.GetFieldValue<int>(0));
                    s.Value(r.GetFieldValue<int>(1));
                    s.Value(r.GetFieldValue<string>(2));
                    s.Value(r.GetFieldValue<string>(3));
                    s.Value(S(r, 4));
                    s.Value(r.GetFieldValue<decimal>(5));
                    s.Value(N<double>(r, 6));
                    s.Value(r.GetFieldValue<int>(7));
                    s.Value(r.GetFieldValue<bool>(8));
                    s.Value(r.GetFieldValue<DateTime>(9));
                    s.Value(r.GetFieldValue<Guid>(10));
                    s.EndRow();
                    rows++;
                }

                break;
            case "ProductTags":
                while (r.Read())
                {
                    s.Value(r.GetFieldValue<int>(0));
                    s.Value(r.GetFieldValue<int>(1));
                    s.EndRow();
                    rows++;
                }

                break;
            case "Orders":
                while (r.Read())
                {
                    s.Value(r.GetFieldValue<int>(0));
                    s.Value(r.GetFieldValue<int>(1));
                    s.Value(r.GetFieldValue<DateTime>(2));
                    s.Value(N<DateTime>(r, 3));
                    s.Value(r.GetFieldValue<string>(4));
                    s.Value(r.GetFieldValue<decimal>(5));
                    s.Value(S(r, 6));
                    s.Value(S(r, 7));
                    s.EndRow();
                    rows++;
                }

                break;
            case "OrderLines":
                while (r.Read())
                {
                    s.Value(r.GetFieldValue<int>(0));
                    s.Value(r.GetFieldValue<int>(1));
                    s.Value(r.GetFieldValue<int>(2));
                    s.Value(r.GetFieldValue<int>(3));
                    s.Value(r.GetFieldValue<decimal>(4));
                    s.Value(N<decimal>(r, 5));
                    s.EndRow();
                    rows++;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(table), table.Name, "unknown table");
        }

        return rows;
    }

    private static T? N<T>(DbDataReader r, int ordinal)
        where T : struct
        => r.IsDBNull(ordinal) ? null : r.GetFieldValue<T>(ordinal);

    private static string? S(DbDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetFieldValue<string>(ordinal);
}
