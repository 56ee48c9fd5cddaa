using Microsoft.EntityFrameworkCore;

namespace Chinook.Aot;

/// <summary>
/// A context type deliberately left without a compiled model, for the <c>no-compiled-model</c> command: it shows what
/// an app that forgot <c>dotnet ef dbcontext optimize</c> gets under AOT. A type of its own, because EF Core finds the
/// compiled model of <see cref="ChinookContext"/> by itself (through the assembly attribute the tool writes) even
/// without <c>UseModel</c>.
/// </summary>
public sealed class UncompiledChinookContext(DbContextOptions<UncompiledChinookContext> options) : ChinookContext(options);
