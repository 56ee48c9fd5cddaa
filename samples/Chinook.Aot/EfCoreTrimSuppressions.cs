using System.Diagnostics.CodeAnalysis;

// The Chinook model's own sources (linked from samples/Chinook.Model) use two APIs their owners annotate as unsafe for
// trimming and AOT. Each suppression names the exact member or entity type it covers, never a whole namespace, so a
// warning from DbPickle's runtime or from the generated snapshot code can never be hidden here. (ILC and Roslyn both
// read these; ILC needs the Target without Roslyn's "~" prefix.)

// EF Core marks every DbContext constructor [RequiresUnreferencedCode] and [RequiresDynamicCode], as a blanket warning
// that EF under AOT is experimental. What actually needs dynamic code is building a model and LINQ; this sample gives
// every context a compiled model (UseModel) and reads and writes only through IModel metadata and ADO.NET.
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member", Target = "M:Chinook.ChinookContext.#ctor(Microsoft.EntityFrameworkCore.DbContextOptions{Chinook.ChinookContext})", Justification = "EF Core's blanket DbContext annotation; contexts use compiled models.")]
[assembly: UnconditionalSuppressMessage("AOT", "IL3050", Scope = "member", Target = "M:Chinook.ChinookContext.#ctor(Microsoft.EntityFrameworkCore.DbContextOptions{Chinook.ChinookContext})", Justification = "EF Core's blanket DbContext annotation; contexts use compiled models.")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "member", Target = "M:Chinook.ChinookContext.#ctor(Microsoft.EntityFrameworkCore.DbContextOptions)", Justification = "EF Core's blanket DbContext annotation; contexts use compiled models.")]
[assembly: UnconditionalSuppressMessage("AOT", "IL3050", Scope = "member", Target = "M:Chinook.ChinookContext.#ctor(Microsoft.EntityFrameworkCore.DbContextOptions)", Justification = "EF Core's blanket DbContext annotation; contexts use compiled models.")]

// [MaxLength]'s constructor is [RequiresUnreferencedCode] because MaxLengthAttribute.IsValid may reflect over a 'Count'
// property. Nothing here validates with it: EF Core read the length at design time, and the compiled model carries it.
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "T:Chinook.Album", Justification = "[MaxLength] is read at design time only; IsValid is never called.")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "T:Chinook.Artist", Justification = "[MaxLength] is read at design time only; IsValid is never called.")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "T:Chinook.Customer", Justification = "[MaxLength] is read at design time only; IsValid is never called.")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "T:Chinook.Employee", Justification = "[MaxLength] is read at design time only; IsValid is never called.")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "T:Chinook.Genre", Justification = "[MaxLength] is read at design time only; IsValid is never called.")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "T:Chinook.Invoice", Justification = "[MaxLength] is read at design time only; IsValid is never called.")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "T:Chinook.MediaType", Justification = "[MaxLength] is read at design time only; IsValid is never called.")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "T:Chinook.Playlist", Justification = "[MaxLength] is read at design time only; IsValid is never called.")]
[assembly: UnconditionalSuppressMessage("Trimming", "IL2026", Scope = "type", Target = "T:Chinook.Track", Justification = "[MaxLength] is read at design time only; IsValid is never called.")]
