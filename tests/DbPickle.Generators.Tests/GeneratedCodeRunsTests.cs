using System.Reflection;
using DbPickle.Generators.Tests.Infrastructure;

namespace DbPickle.Generators.Tests;

/// <summary>
/// Generated codecs run: compiling is not enough for UnsafeAccessor paths (a wrong member name or signature compiles
/// and fails only at run time), nor for a Write and Read pair that disagree.
/// </summary>
public sealed class GeneratedCodeRunsTests
{
    [Fact]
    public void AccessorsReachNonPublicInitBackingFieldAndInheritedMembers()
    {
        var outcome = TestCompilation.Run(TestModels.AccessPaths).AssertCleanWithoutGeneratorDiagnostics();
        using var model = LoadedModel.Load(outcome);
        var codec = model.Codec("Access.AccessContextSnapshot", "AccountCodec");
        var values = new Dictionary<string, object?>
        {
            ["CreatedAt"] = new DateTime(2024, 2, 29, 12, 0, 0, DateTimeKind.Utc),
            ["CreatedBy"] = "alice",
            ["Revision"] = 3,
            ["Id"] = 42,
            ["Name"] = "savings",
            ["ExternalId"] = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["Balance"] = 12.5m,
            ["UpdatedAt"] = new DateTime(2025, 1, 1),
            ["Note"] = "note",
            ["Version"] = 7,
            ["Secret"] = null,
        };

        var account = codec.Create(); // the private constructor
        foreach (var (property, value) in values)
        {
            codec.Set(account, property, value);
        }

        foreach (var (property, value) in values)
        {
            Assert.Equal(value, codec.Get(account, property));
        }

        // Read back through the entity's own members, not the codec's: the accessors wrote the real storage.
        var type = account.GetType();
        Assert.Equal("savings", type.GetProperty("Name")!.GetValue(account));
        Assert.Equal(3, type.GetProperty("Revision")!.GetValue(account));
        Assert.Equal("alice", type.GetProperty("CreatedBy")!.GetValue(account));
        Assert.Equal(values["ExternalId"], type.GetProperty("ExternalId")!.GetValue(account));
        Assert.Equal("note", type.GetMethod("ReadNote")!.Invoke(account, null));
        Assert.Equal("savings #42", type.GetProperty("Display")!.GetValue(account));
    }

    [Fact]
    public void RequiredMembersEntityIsCreatedThroughItsConstructorAccessor()
    {
        var outcome = TestCompilation.Run(
            TestModels.File("Edge/Item.cs", """
                using DbPickle;

                namespace Edge;

                [Snapshot]
                public class Item
                {
                    public int Id { get; set; }
                    public required string Name { get; set; }
                }
                """),
            TestModels.File("Edge/EdgeContext.cs", """
                using Microsoft.EntityFrameworkCore;

                namespace Edge;

                public class EdgeContext : DbContext
                {
                    public DbSet<Item> Items => Set<Item>();
                }
                """)).AssertCleanWithoutGeneratorDiagnostics();
        using var model = LoadedModel.Load(outcome);
        var codec = model.Codec("Edge.EdgeContextSnapshot", "ItemCodec");

        var item = codec.Create();
        codec.Set(item, "Name", "widget");

        Assert.Equal("Edge.Item", item.GetType().FullName);
        Assert.Equal("widget", codec.Get(item, "Name"));
    }

    [Fact]
    public void GetBoxesEachPropertyAsItsOwnType()
    {
        // Regression: with only int and decimal arms, a switch expression's natural type is decimal, and every int
        // came back boxed as a decimal (keys then never matched, parameters got the wrong type).
        var outcome = TestCompilation.Run(
            TestModels.File("Edge/Line.cs", """
                using DbPickle;

                namespace Edge;

                [Snapshot]
                public class Line
                {
                    public int Id { get; set; }
                    public long Count { get; set; }
                    public decimal Price { get; set; }
                }
                """),
            TestModels.File("Edge/EdgeContext.cs", """
                using Microsoft.EntityFrameworkCore;

                namespace Edge;

                public class EdgeContext : DbContext
                {
                    public DbSet<Line> Lines => Set<Line>();
                }
                """)).AssertCleanWithoutGeneratorDiagnostics();
        using var model = LoadedModel.Load(outcome);
        var codec = model.Codec("Edge.EdgeContextSnapshot", "LineCodec");
        var line = codec.Create();
        codec.Set(line, "Id", 7);
        codec.Set(line, "Count", 8L);
        codec.Set(line, "Price", 9.5m);

        Assert.IsType<int>(codec.Get(line, "Id"));
        Assert.IsType<long>(codec.Get(line, "Count"));
        Assert.IsType<decimal>(codec.Get(line, "Price"));
    }

    [Fact]
    public void AccessorsReachMembersOfAClosedGenericBaseClass()
    {
        var outcome = TestCompilation.Run(
            TestModels.File("Edge/Item.cs", """
                using DbPickle;

                namespace Edge;

                public abstract class Entity<TKey>
                    where TKey : struct, System.IEquatable<TKey>
                {
                    public TKey Id { get; private set; }
                    public int Version { get; private set; }
                    public TKey? ParentId { get; init; }
                    public string Tag { get; } = "";
                }

                [Snapshot]
                public class Item : Entity<long>
                {
                    public int Quantity { get; set; }
                }
                """),
            TestModels.File("Edge/EdgeContext.cs", """
                using Microsoft.EntityFrameworkCore;

                namespace Edge;

                public class EdgeContext : DbContext
                {
                    public DbSet<Item> Items => Set<Item>();
                }
                """)).AssertCleanWithoutGeneratorDiagnostics();
        Assert.Contains(
            "private static class __IdAccessors<TKey> where TKey : struct, global::System.IEquatable<TKey>",
            outcome.Source("Edge.EdgeContextSnapshot.ItemCodec.g.cs"));
        using var model = LoadedModel.Load(outcome);
        var codec = model.Codec("Edge.EdgeContextSnapshot", "ItemCodec");
        var values = new Dictionary<string, object?> { ["Id"] = 9_000_000_000L, ["Version"] = 3, ["ParentId"] = 7L, ["Tag"] = "t", ["Quantity"] = 5 };

        var item = codec.Create();
        foreach (var (property, value) in values)
        {
            codec.Set(item, property, value);
        }

        foreach (var (property, value) in values)
        {
            Assert.Equal(value, item.GetType().GetProperty(property)!.GetValue(item));
            Assert.Equal(value, codec.Get(item, property));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EveryPropertyTypeSurvivesWriteThenRead(bool nullablesNull)
    {
        // The user's part of the snapshot class reaches the private codec, as a hook would.
        var harness = TestModels.File("Types/Harness.cs", """
            using System.Buffers;
            using MemoryPack;

            namespace Types;

            public static partial class TypesContextSnapshot
            {
                public static Everything RoundTrip(Everything source)
                {
                    var codec = EverythingCodec.Instance;
                    var buffer = new ArrayBufferWriter<byte>();
                    using (var writerState = MemoryPackWriterOptionalStatePool.Rent(MemoryPackSerializerOptions.Utf8))
                    {
                        var writer = new MemoryPackWriter<ArrayBufferWriter<byte>>(ref buffer, writerState);
                        for (var i = 0; i < codec.Properties.Count; i++)
                        {
                            codec.Write(ref writer, source, i);
                        }

                        writer.Flush();
                    }

                    using var readerState = MemoryPackReaderOptionalStatePool.Rent(null);
                    var reader = new MemoryPackReader(buffer.WrittenSpan, readerState);
                    var copy = codec.Create();
                    for (var i = 0; i < codec.Properties.Count; i++)
                    {
                        codec.Read(ref reader, copy, i);
                    }

                    if (reader.Remaining != 0)
                    {
                        throw new System.InvalidOperationException(reader.Remaining + " bytes left unread");
                    }

                    return copy;
                }
            }
            """);
        var outcome = TestCompilation.Run([.. TestModels.AllTypes, harness]).AssertCleanWithoutGeneratorDiagnostics();
        using var model = LoadedModel.Load(outcome);
        var entityType = model.Type("Types.Everything");
        var properties = entityType.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var source = Activator.CreateInstance(entityType)!;
        foreach (var property in properties)
        {
            var isNullable = Nullable.GetUnderlyingType(property.PropertyType) is not null || property.Name.StartsWith("Nullable", StringComparison.Ordinal);
            property.SetValue(source, nullablesNull && isNullable ? null : Sample(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType));
        }

        var copy = model.Type("Types.TypesContextSnapshot").GetMethod("RoundTrip")!.Invoke(null, [source])!;

        Assert.Equal(47, properties.Length);
        foreach (var property in properties)
        {
            var expected = property.GetValue(source);
            var actual = property.GetValue(copy);
            Assert.True(Equals(expected, actual) || expected is byte[] bytes && actual is byte[] other && bytes.AsSpan().SequenceEqual(other), $"{property.Name}: wrote {expected}, read {actual}");
            if (expected is DateTime dateTime)
            {
                Assert.Equal(dateTime.Kind, ((DateTime)actual!).Kind);
            }
        }
    }

    private static object Sample(Type type) => type switch
    {
        _ when type.IsEnum => Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1)!,
        _ when type == typeof(bool) => true,
        _ when type == typeof(byte) => (byte)200,
        _ when type == typeof(sbyte) => (sbyte)-5,
        _ when type == typeof(short) => (short)-300,
        _ when type == typeof(ushort) => (ushort)60000,
        _ when type == typeof(int) => -123456,
        _ when type == typeof(uint) => 4000000000u,
        _ when type == typeof(long) => -(1L << 40),
        _ when type == typeof(ulong) => ulong.MaxValue,
        _ when type == typeof(float) => 1.25f,
        _ when type == typeof(double) => Math.PI,
        _ when type == typeof(decimal) => -12345.6789m,
        _ when type == typeof(char) => 'ß',
        _ when type == typeof(string) => "héllo, wörld",
        _ when type == typeof(byte[]) => new byte[] { 1, 2, 3, 255 },
        _ when type == typeof(Guid) => new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
        _ when type == typeof(DateTime) => new DateTime(2024, 2, 29, 23, 59, 58, 123, DateTimeKind.Utc),
        _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromMinutes(330)),
        _ when type == typeof(DateOnly) => new DateOnly(1999, 12, 31),
        _ when type == typeof(TimeOnly) => new TimeOnly(13, 14, 15, 16),
        _ when type == typeof(TimeSpan) => TimeSpan.FromHours(-30.5),
        _ => throw new InvalidOperationException("no sample value for " + type),
    };
}
