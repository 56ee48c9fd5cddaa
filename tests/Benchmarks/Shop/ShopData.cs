using System.Text;

namespace DbPickle.Benchmarks.Shop;

/// <summary>
/// The synthetic shop, generated deterministically from fixed seeds (one per table, so every table is reproducible on
/// its own): about 1.5 million rows at scale 1. Values are what the databases store exactly (times rounded to whole
/// milliseconds, decimals at their column's scale), so a row read back equals the row generated.
/// </summary>
public sealed class ShopData
{
    public required double Scale { get; init; }

    public required List<Category> Categories { get; init; }

    public required List<Tag> Tags { get; init; }

    public required List<Customer> Customers { get; init; }

    public required List<Product> Products { get; init; }

    public required List<ProductTag> ProductTags { get; init; }

    public required List<Order> Orders { get; init; }

    public required List<OrderLine> OrderLines { get; init; }

    public long TotalRows => (long)Categories.Count + Tags.Count + Customers.Count + Products.Count + ProductTags.Count + Orders.Count + OrderLines.Count;

    /// <summary>(table, rows) in foreign-key order.</summary>
    public IEnumerable<(string Table, int Rows)> Counts()
    {
        yield return ("Categories", Categories.Count);
        yield return ("Tags", Tags.Count);
        yield return ("Customers", Customers.Count);
        yield return ("Products", Products.Count);
        yield return ("ProductTags", ProductTags.Count);
        yield return ("Orders", Orders.Count);
        yield return ("OrderLines", OrderLines.Count);
    }

    private static readonly DateTime Epoch = new(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const long SpanMilliseconds = 10L * 365 * 24 * 3600 * 1000;

    private static readonly string[] FirstNames =
    [
        "Anna", "José", "Zoë", "François", "Søren", "Łukasz", "Ægir", "Chloé", "Björn", "Jürgen", "Ines", "Mateo", "Olivia", "Liam",
        "Noah", "Emma", "Amélie", "Ðorđe", "Şebnem", "Ömer", "Dvořák", "Ñuño", "Grete", "Håkon", "Siobhán", "Eoin", "Kateřina",
        "Александр", "Наталья", "Дмитрий", "Γιώργος", "Ελένη", "伟", "芳", "秀英", "健", "さくら", "翔太", "지민", "서연",
        "محمد", "فاطمة", "Priya", "Arjun", "Nguyễn", "Thảo", "Kwame", "Ama", "Marie", "Jean", "Lars", "Mia", "Lucas", "Sofia",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Müller", "García", "Dubois", "Rossi", "Nowak", "Jensen", "Johansson", "Hernández", "Fernández", "Schröder",
        "Kowalczyk", "Ó Briain", "Van der Berg", "D'Angelo", "Łęczycki", "Øvergård", "Štěpánek", "Çelik", "Yılmaz", "Ivanov",
        "Смирнов", "Кузнецова", "Παπαδόπουλος", "王", "李", "张", "佐藤", "鈴木", "高橋", "김", "이", "박", "الهاشمي",
        "Sharma", "Patel", "Trần", "Lê", "Mensah", "Okafor", "Brown", "Wilson", "Martin", "Bernard", "Moreau", "Lefèvre",
    ];

    private static readonly string[] Cities =
    [
        "São Paulo", "Zürich", "Kraków", "Montréal", "Reykjavík", "Malmö", "Düsseldorf", "Québec", "Córdoba", "Łódź",
        "Tromsø", "İstanbul", "Москва", "Αθήνα", "東京", "大阪", "北京", "上海", "서울", "القاهرة", "Hà Nội", "Paris", "Berlin",
        "London", "New York", "Lagos", "Mumbai", "Sydney", "Lisboa", "Praha", "Wien", "Genève", "Bogotá", "México",
    ];

    private static readonly string[] Countries =
    [
        "BR", "CH", "PL", "CA", "IS", "SE", "DE", "CA", "AR", "PL", "NO", "TR", "RU", "GR", "JP", "JP", "CN", "CN", "KR", "EG",
        "VN", "FR", "DE", "GB", "US", "NG", "IN", "AU", "PT", "CZ", "AT", "CH", "CO", "MX",
    ];

    private static readonly string[] Streets =
    [
        "Rua Augusta", "Bahnhofstraße", "ul. Floriańska", "Rue Saint-Denis", "Laugavegur", "Storgatan", "Königsallee",
        "Calle Mayor", "Karl Johans gate", "İstiklal Caddesi", "Тверская улица", "Οδός Ερμού", "銀座通り", "南京路",
        "세종대로", "Phố Hàng Bạc", "Baker Street", "5th Avenue", "Avenida da Liberdade", "Václavské náměstí",
    ];

    private static readonly string[] Adjectives =
    [
        "Classic", "Ergonomic", "Rustic", "Sleek", "Handmade", "Organic", "Vintage", "Compact", "Deluxe", "Portable",
        "Smart", "Wireless", "Über", "Très chic", "Grün", "Élégant", "Leichter", "Mini", "Pro", "Ultra", "静音", "高級", "新しい",
    ];

    private static readonly string[] Nouns =
    [
        "Chair", "Lamp", "Kettle", "Backpack", "Headphones", "Notebook", "Mug", "Jacket", "Sneakers", "Keyboard", "Blender",
        "Umbrella", "Wallet", "Teapot", "Bicycle bell", "Café press", "Crème brûlée torch", "Schreibtisch", "Tasse", "急須",
        "茶碗", "수건", "Chaise", "Bouilloire",
    ];

    private static readonly string[] Emoji = ["☕", "🎧", "🚲", "🌱", "✨", "🔥", "📦", "🧦", "🍵", "⭐", "👍", "🎁"];

    private static readonly string[] Words =
    [
        "quality", "durable", "lightweight", "made", "with", "care", "for", "everyday", "use", "and", "long", "lasting",
        "comfort", "fits", "perfectly", "in", "any", "home", "office", "or", "travel", "bag", "easy", "to", "clean",
        "dishwasher", "safe", "recycled", "materials", "qualité", "supérieure", "für", "den", "Alltag", "hergestellt",
        "calidad", "excelente", "高品質", "の", "素材", "を", "使用", "좋은", "품질", "высокое", "качество", "garantía",
        "two-year", "warranty", "100%", "cotton", "naïve", "façade", "résumé", "coöperate",
    ];

    private static readonly string[] TagWords =
    [
        "sale", "new", "eco", "bestseller", "gift", "summer", "winter", "kids", "outdoor", "kitchen", "office", "vegan",
        "fair-trade", "limited", "handmade", "bio", "neu", "nouveauté", "oferta", "新品", "限定", "인기", "скидка", "δώρο",
    ];

    private static readonly string[] Notes =
    [
        "Please leave the parcel at the door 🚪", "Gift wrap, please 🎁", "Call before delivery", "Bitte beim Nachbarn abgeben",
        "Livraison après 18h", "置き配希望", "문 앞에 놓아주세요", "Не звонить в домофон", "Fragile!", "No invoice in the box",
    ];

    public static ShopData Generate(double scale)
    {
        var categoryCount = Count(2_000, scale, 20);
        var tagCount = Count(500, scale, 20);
        var customerCount = Count(100_000, scale, 100);
        var productCount = Count(50_000, scale, 50);
        var orderCount = Count(300_000, scale, 300);

        var categories = GenerateCategories(categoryCount);
        var tags = GenerateTags(tagCount);
        var customers = GenerateCustomers(customerCount);
        var products = GenerateProducts(productCount, categoryCount);
        var productTags = GenerateProductTags(productCount, tagCount);
        var (orders, lines) = GenerateOrders(orderCount, customerCount, products);
        return new ShopData
        {
            Scale = scale,
            Categories = categories,
            Tags = tags,
            Customers = customers,
            Products = products,
            ProductTags = productTags,
            Orders = orders,
            OrderLines = lines,
        };
    }

    private static int Count(int atScaleOne, double scale, int minimum) => Math.Max(minimum, (int)Math.Round(atScaleOne * scale));

    /// <summary>
    /// A tree at most four levels deep. Nodes are created parents first, then given shuffled ids, so a child's id is
    /// often smaller than its parent's: inserting in key order would break the foreign key.
    /// </summary>
    private static List<Category> GenerateCategories(int count)
    {
        var random = new Random(1001);
        var ids = Enumerable.Range(1, count).ToArray();
        random.Shuffle(ids);
        var depth = new int[count];
        var parentOf = new int[count];
        var roots = Math.Max(3, count / 100);
        for (var i = 0; i < count; i++)
        {
            if (i < roots)
            {
                parentOf[i] = -1;
                continue;
            }

            int parent;
            do
            {
                parent = random.Next(i);
            }
            while (depth[parent] >= 3);
            parentOf[i] = parent;
            depth[i] = depth[parent] + 1;
        }

        var categories = new List<Category>(count);
        for (var i = 0; i < count; i++)
        {
            var name = $"{Pick(random, Adjectives)} {Pick(random, Nouns)}s {i + 1}";
            categories.Add(new Category
            {
                Id = ids[i],
                ParentId = parentOf[i] < 0 ? null : ids[parentOf[i]],
                Name = name,
                Slug = $"cat-{ids[i]}-level-{depth[i]}",
                Description = random.Next(3) == 0 ? null : Sentence(random, 8, 30),
                SortOrder = random.Next(1000),
            });
        }

        // Stored in key order, like a table read back: parents are not always first.
        categories.Sort((a, b) => a.Id.CompareTo(b.Id));
        return categories;
    }

    private static List<Tag> GenerateTags(int count)
    {
        var random = new Random(1002);
        var tags = new List<Tag>(count);
        for (var i = 1; i <= count; i++)
        {
            var name = Pick(random, TagWords) + "-" + i + (random.Next(10) == 0 ? " " + Pick(random, Emoji) : string.Empty);
            tags.Add(new Tag { Id = i, Name = name, Color = random.Next(4) == 0 ? null : $"#{random.Next(0x1000000):x6}" });
        }

        return tags;
    }

    private static List<Customer> GenerateCustomers(int count)
    {
        var random = new Random(1003);
        var customers = new List<Customer>(count);
        for (var i = 1; i <= count; i++)
        {
            var city = random.Next(Cities.Length);
            customers.Add(new Customer
            {
                Id = i,
                Email = $"customer{i}@example{random.Next(50)}.com",
                FirstName = Pick(random, FirstNames),
                LastName = Pick(random, LastNames) + (random.Next(20) == 0 ? "-" + Pick(random, LastNames) : string.Empty),
                Phone = random.Next(3) == 0 ? null : $"+{random.Next(1, 99)} {random.Next(100, 999)} {random.Next(1000000, 9999999)}",
                City = random.Next(10) == 0 ? null : Cities[city],
                CountryCode = Countries[city],
                CreatedAt = Time(random),
                BirthDate = random.Next(4) == 0 ? null : new DateOnly(1940, 1, 1).AddDays(random.Next(65 * 365)),
                IsVip = random.Next(20) == 0,
                CreditLimit = random.Next(2) == 0 ? null : Money(random, 100, 50_000),
            });
        }

        return customers;
    }

    private static List<Product> GenerateProducts(int count, int categoryCount)
    {
        var random = new Random(1004);
        var products = new List<Product>(count);
        Span<byte> guid = stackalloc byte[16];
        for (var i = 1; i <= count; i++)
        {
            random.NextBytes(guid);
            var name = $"{Pick(random, Adjectives)} {Pick(random, Nouns)}" + (random.Next(8) == 0 ? " " + Pick(random, Emoji) : string.Empty);
            products.Add(new Product
            {
                Id = i,
                CategoryId = random.Next(1, categoryCount + 1),
                Sku = $"SKU-{i:D7}-{random.Next(1000):D3}",
                Name = name,
                Description = random.Next(5) == 0 ? null : Sentence(random, 10, 60),
                Price = Money(random, 0.99m, 999.99m),
                WeightKg = random.Next(4) == 0 ? null : Math.Round(random.NextDouble() * 25, 3),
                Stock = random.Next(0, 5000),
                IsActive = random.Next(10) != 0,
                CreatedAt = Time(random),
                ExternalId = new Guid(guid),
            });
        }

        return products;
    }

    private static List<ProductTag> GenerateProductTags(int productCount, int tagCount)
    {
        var random = new Random(1005);
        var links = new List<ProductTag>(productCount * 3);
        var chosen = new HashSet<int>();
        for (var p = 1; p <= productCount; p++)
        {
            chosen.Clear();
            var n = random.Next(0, 7);
            while (chosen.Count < Math.Min(n, tagCount))
            {
                chosen.Add(random.Next(1, tagCount + 1));
            }

            foreach (var t in chosen.Order())
            {
                links.Add(new ProductTag { ProductId = p, TagId = t });
            }
        }

        return links;
    }

    private static (List<Order> Orders, List<OrderLine> Lines) GenerateOrders(int count, int customerCount, List<Product> products)
    {
        var random = new Random(1006);
        var orders = new List<Order>(count);
        var lines = new List<OrderLine>(count * 3);
        var address = new StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            var status = (OrderStatus)random.Next(6);
            var orderedAt = Time(random);
            var lineCount = random.Next(1, 6);
            decimal total = 0;
            for (var l = 1; l <= lineCount; l++)
            {
                var product = products[random.Next(products.Count)];
                var quantity = random.Next(1, 11);
                decimal? discount = random.Next(5) == 0 ? Math.Round((decimal)random.Next(500, 3001) / 10_000m, 4) : null;
                var price = product.Price;
                total += Math.Round(price * quantity * (1 - (discount ?? 0)), 2);
                lines.Add(new OrderLine { OrderId = i, LineNo = l, ProductId = product.Id, Quantity = quantity, UnitPrice = price, Discount = discount });
            }

            address.Clear();
            var hasAddress = random.Next(10) != 0;
            if (hasAddress)
            {
                address.Append(Pick(random, Streets)).Append(' ').Append(random.Next(1, 300)).Append(", ")
                    .Append(random.Next(10000, 99999)).Append(' ').Append(Pick(random, Cities));
            }

            orders.Add(new Order
            {
                Id = i,
                CustomerId = random.Next(1, customerCount + 1),
                OrderedAt = orderedAt,
                ShippedAt = status is OrderStatus.Shipped or OrderStatus.Delivered ? orderedAt.AddMinutes(random.Next(30, 60 * 24 * 10)) : null,
                Status = status,
                Total = total,
                ShippingAddress = hasAddress ? address.ToString() : null,
                Note = random.Next(10) == 0 ? Pick(random, Notes) : null,
            });
        }

        return (orders, lines);
    }

    private static string Pick(Random random, string[] values) => values[random.Next(values.Length)];

    private static DateTime Time(Random random) => Epoch.AddMilliseconds(random.NextInt64(SpanMilliseconds));

    private static decimal Money(Random random, decimal min, decimal max)
    {
        var cents = random.NextInt64((long)(min * 100), (long)(max * 100) + 1);
        return cents / 100m;
    }

    private static string Sentence(Random random, int minWords, int maxWords)
    {
        var builder = new StringBuilder();
        var n = random.Next(minWords, maxWords + 1);
        for (var w = 0; w < n; w++)
        {
            if (w > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Pick(random, Words));
        }

        if (random.Next(6) == 0)
        {
            builder.Append(' ').Append(Pick(random, Emoji));
        }

        return builder.Append('.').ToString();
    }
}
