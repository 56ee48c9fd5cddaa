using DbPickle.Generators.Helpers;
using Microsoft.CodeAnalysis;

namespace DbPickle.Generators.Model;

/// <summary>A diagnostic to report, held as plain data (descriptor id, location, message arguments).</summary>
internal sealed record DiagnosticInfo(string DescriptorId, LocationInfo? Location, EquatableArray<string> MessageArgs)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] messageArgs)
        => new(descriptor.Id, LocationInfo.From(location), new EquatableArray<string>(messageArgs));

    public Diagnostic ToDiagnostic(Compilation compilation)
        => Diagnostic.Create(DiagnosticDescriptors.ById(DescriptorId), Location?.ToLocation(compilation), [.. MessageArgs]);
}
