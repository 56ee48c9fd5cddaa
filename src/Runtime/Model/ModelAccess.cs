using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace DbPickle.Model;

/// <summary>
/// Makes sure the context has a model before the runtime touches it: under NativeAOT EF Core cannot build a model from
/// the entity classes, and what it throws then does not say which command fixes it. Runs first in every entry point,
/// because the first touch is not always <c>context.Model</c>: any <c>GetService</c> builds the model too.
/// </summary>
internal static class ModelAccess
{
    public static void EnsureAvailable(DbContext context)
    {
        try
        {
            _ = context.Model;
        }
        catch (InvalidOperationException e) when (!RuntimeFeature.IsDynamicCodeSupported)
        {
            // EF Core throws InvalidOperationException when it would have to build the model without dynamic code; its
            // wording has changed between versions, so it is quoted rather than matched. A context given a compiled
            // model never gets here for that reason, and the quote then shows what failed instead.
            throw new SnapshotException(NoCompiledModel(context.GetType(), e.Message), e);
        }
    }

    /// <summary>The message for a context used under NativeAOT without a compiled model.</summary>
    public static string NoCompiledModel(Type contextType, string efMessage)
    {
        var modelNamespace = contextType.Namespace is { Length: > 0 } ns ? ns + ".CompiledModels" : "CompiledModels";
        return $"""
            {contextType.FullName} has no compiled model, and EF Core cannot build one at run time under NativeAOT (EF Core: "{efMessage}"). In the project that declares the context, run
                dotnet ef dbcontext optimize --nativeaot --context {contextType.FullName} --output-dir CompiledModels --namespace {modelNamespace}
            then add .UseModel({modelNamespace}.{contextType.Name}Model.Instance) to the context's options, and publish again.
            """;
    }
}
