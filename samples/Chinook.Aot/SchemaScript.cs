using Microsoft.EntityFrameworkCore;

namespace Chinook.Aot;

/// <summary>
/// Creates the Chinook tables from a script embedded in the binary (Schema/*.sql, written by regenerate-model.sh with
/// <c>dotnet ef dbcontext script</c>). <c>EnsureCreated</c> cannot run under NativeAOT: it needs EF Core's
/// design-time model, which is built with reflection.
/// </summary>
internal static class SchemaScript
{
    public const string Sqlite = "Chinook.Aot.Schema.sqlite.sql";
    public const string Postgres = "Chinook.Aot.Schema.postgres.sql";

    public static void Apply(DbContext context, string resourceName)
    {
        using var stream = typeof(SchemaScript).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The schema script {resourceName} is not embedded in this binary.");
        using var text = new StreamReader(stream);
        var script = text.ReadToEnd();

        // One transaction, so a script that fails half-way leaves no half-made schema: both engines' DDL is transactional.
        context.Database.OpenConnection();
        try
        {
            var connection = context.Database.GetDbConnection();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = script;
            command.ExecuteNonQuery();
            transaction.Commit();
        }
        finally
        {
            context.Database.CloseConnection();
        }
    }
}
