using System.Linq;
using DbPickle.Generators.Emitting;
using DbPickle.Generators.Helpers;
using DbPickle.Generators.Model;
using DbPickle.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace DbPickle.Generators;

/// <summary>
/// Emits, for each DbContext exposing <c>[Snapshot]</c> entities, a <c>&lt;Context&gt;Snapshot</c> class with Dump and
/// Load entry points and one reflection-free codec per entity.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SnapshotGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, asserted by the caching tests.</summary>
    public static class Steps
    {
        public const string Entities = nameof(Entities);
        public const string Contexts = nameof(Contexts);
        public const string Hooks = nameof(Hooks);
        public const string Codecs = nameof(Codecs);
        public const string Classes = nameof(Classes);
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var entities = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                "DbPickle.SnapshotAttribute",
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => EntityParser.Parse((INamedTypeSymbol)ctx.TargetSymbol, ct))
            .WithTrackingName(Steps.Entities);

        var contexts = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => ContextParser.IsCandidate(node), ContextParser.Parse)
            .Where(static c => c is not null)
            .Select(static (c, _) => c!)
            .WithTrackingName(Steps.Contexts);

        var hooks = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => HookParser.IsCandidate(node), HookParser.Parse)
            .Where(static h => h is not null)
            .Select(static (h, _) => h!)
            .WithTrackingName(Steps.Hooks);

        var nestedContexts = context.SyntaxProvider
            .CreateSyntaxProvider(static (node, _) => ContextParser.IsCandidate(node), ContextParser.ParseNested)
            .Where(static c => c is not null)
            .Select(static (c, _) => c!);
        context.RegisterSourceOutput(
            nestedContexts.Select(static (c, _) => c.Diagnostic).Combine(context.CompilationProvider),
            static (spc, pair) => spc.ReportDiagnostic(pair.Left.ToDiagnostic(pair.Right)));

        var specs = entities.Where(static e => e.Entity is not null).Select(static (e, _) => e.Entity!).Collect();
        var relations = entities.Where(static e => e.Relations is not null).Select(static (e, _) => e.Relations!).Collect();
        var allContexts = contexts.Collect();

        // Diagnostics have their own branch so that reporting never forces source to be regenerated. They are reported
        // against the real syntax tree, looked up in the compilation by path: a location without its tree cannot be
        // suppressed by #pragma or .editorconfig. Only entities with something to report meet the compilation, so clean
        // code stays cached on every edit.
        var diagnostics = entities
            .Select(static (e, _) => e.Diagnostics)
            .Where(static d => d.Count > 0)
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(diagnostics, static (spc, pair) =>
        {
            foreach (var diagnostic in pair.Left)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic(pair.Right));
            }
        });

        var unexposed = entities
            .Select(static (e, _) => (e.FullName, e.Location, Valid: e.Entity is not null))
            .Combine(allContexts.Combine(nestedContexts.Collect())
                .Select(static (all, _) => all.Left.SelectMany(c => c.Entities).Concat(all.Right.SelectMany(c => c.Entities)).Distinct().ToEquatableArray()))
            .Where(static pair => pair.Left.Valid && !pair.Right.Contains(pair.Left.FullName))
            .Select(static (pair, _) => (pair.Left.FullName, pair.Left.Location))
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(unexposed, static (spc, pair) =>
        {
            var ((fullName, location), compilation) = pair;
            var simple = fullName.Substring(fullName.LastIndexOfAny(['.', '+']) + 1);
            spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotExposedByContext, location?.ToLocation(compilation), simple, simple));
        });

        // Reduced to two bools, so an edit anywhere leaves this input unchanged and the plans cached.
        var providers = context.CompilationProvider
            .Select(static (compilation, _) => new ProviderReferences(
                Npgsql: compilation.GetTypeByMetadataName("Npgsql.NpgsqlBinaryImporter") is not null,
                Sqlite: compilation.GetTypeByMetadataName("Microsoft.Data.Sqlite.SqliteConnection") is not null
                    && compilation.GetTypeByMetadataName("SQLitePCL.raw") is not null));

        var classes = contexts
            .Combine(relations)
            .Combine(providers)
            .Select(static (input, _) => InsertPlanner.PlanClass(input.Left.Left, input.Left.Right, input.Right))
            .WithTrackingName(Steps.Classes);
        context.RegisterSourceOutput(classes, static (spc, model) =>
            spc.AddSource(SnapshotEmitter.ClassHintName(model), SnapshotEmitter.EmitClass(model)));

        var codecs = contexts
            .Combine(specs)
            .Combine(relations)
            .Combine(hooks.Collect())
            .SelectMany(static (input, _) => InsertPlanner.PlanCodecs(input.Left.Left.Left, input.Left.Left.Right, input.Left.Right, input.Right))
            .WithTrackingName(Steps.Codecs);
        context.RegisterSourceOutput(codecs, static (spc, model) =>
            spc.AddSource(SnapshotEmitter.CodecHintName(model), SnapshotEmitter.EmitCodec(model)));
    }
}
