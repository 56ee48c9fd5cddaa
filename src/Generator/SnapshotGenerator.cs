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
                static (node, _) => node is ClassDeclarationSyntax,
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

        var specs = entities.Where(static e => e.Entity is not null).Select(static (e, _) => e.Entity!).Collect();
        var relations = entities.Where(static e => e.Relations is not null).Select(static (e, _) => e.Relations!).Collect();
        var allContexts = contexts.Collect();

        // Diagnostics have their own branch so that reporting never forces source to be regenerated.
        context.RegisterSourceOutput(entities.Select(static (e, _) => e.Diagnostics), static (spc, diagnostics) =>
        {
            foreach (var diagnostic in diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        var exposure = entities
            .Select(static (e, _) => (e.FullName, e.Location, Valid: e.Entity is not null))
            .Combine(allContexts.Select(static (cs, _) => cs.SelectMany(c => c.Entities).Distinct().ToEquatableArray()));
        context.RegisterSourceOutput(exposure, static (spc, pair) =>
        {
            var ((fullName, location, valid), exposed) = pair;
            if (valid && !exposed.Contains(fullName))
            {
                var simple = fullName.Substring(fullName.LastIndexOfAny(['.', '+']) + 1);
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotExposedByContext, location?.ToLocation(), simple, simple));
            }
        });

        var classes = contexts
            .Combine(relations)
            .Select(static (pair, _) => InsertPlanner.PlanClass(pair.Left, pair.Right))
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
