using System.Reflection;
using System.Runtime.Loader;
using DbPickle.Infrastructure;
using Microsoft.CodeAnalysis;

namespace DbPickle.Generators.Tests.Infrastructure;

/// <summary>
/// A test compilation (with its generated code) emitted and loaded into its own collectible load context, so tests can
/// run generated codecs. DbPickle, EF Core and MemoryPack resolve from the test's own load context, so the codecs are
/// the same <see cref="EntityCodec"/> type the test sees.
/// </summary>
internal sealed class LoadedModel : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private LoadedModel(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    public static LoadedModel Load(GeneratorOutcome outcome)
    {
        using var image = new MemoryStream();
        var emit = outcome.Output.Emit(image);
        Assert.True(emit.Success, GeneratorOutcome.Describe(emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var context = new AssemblyLoadContext("DbPickle.Generators.Tests.Model", isCollectible: true);
        return new LoadedModel(context, context.LoadFromStream(image));
    }

    public Type Type(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    /// <summary>A generated codec: <c>private sealed class &lt;Entity&gt;Codec</c> nested in the snapshot class.</summary>
    public Codec Codec(string snapshotClass, string codecName)
    {
        var type = Type(snapshotClass).GetNestedType(codecName, BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{snapshotClass} has no nested {codecName}");
        var instance = (EntityCodec)type.GetField("Instance", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return new Codec(instance);
    }

    public void Dispose() => _context.Unload();
}

/// <summary>Calls a generated codec's typed members through reflection (the entity type is only known at run time).</summary>
internal sealed class Codec(EntityCodec instance)
{
    public EntityCodec Instance { get; } = instance;

    public int IndexOf(string property)
    {
        for (var i = 0; i < Instance.Properties.Count; i++)
        {
            if (Instance.Properties[i].Name == property)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{Instance.EntityName} has no encoded property {property}");
    }

    public object Create() => Call("Create")!;

    public object? Get(object entity, string property) => Call("Get", entity, IndexOf(property));

    public void Set(object entity, string property, object? value) => Call("Set", entity, IndexOf(property), value);

    private object? Call(string method, params object?[] arguments)
    {
        try
        {
            return Instance.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance)!.Invoke(Instance, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
