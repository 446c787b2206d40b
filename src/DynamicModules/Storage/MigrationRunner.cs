using System.Reflection;
using Dapper;

namespace DynamicModules.Storage;

/// <summary>
/// Applies the numbered SQL scripts embedded under <c>Storage/Migrations/{engine}/</c> in order, each in
/// its own transaction together with its row in <c>schema_versions</c>, so a crash never leaves a script
/// half-applied and a restart picks up where it stopped.
/// </summary>
public static class MigrationRunner
{
    /// <summary>Applies every script not yet recorded; returns the versions applied now.</summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(Database database, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            if (database.Engine == StorageEngine.Sqlite)
            {
                // WAL is a property of the file: set once, it stays. Readers then never block the writer.
                await connection.ExecuteAsync("PRAGMA journal_mode=WAL;");
            }

            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_versions (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
        }

        var applied = new List<int>();
        foreach (var (version, sql) in Scripts(database.Engine))
        {
            await using var scope = await database.BeginWriteAsync(cancellationToken);
            var done = await scope.Connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM schema_versions WHERE version = @version",
                new { version }, scope.Transaction, cancellationToken: cancellationToken));
            if (done > 0)
            {
                continue;
            }

            await scope.Connection.ExecuteAsync(new CommandDefinition(sql, transaction: scope.Transaction, cancellationToken: cancellationToken));
            await scope.Connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_versions (version, applied_at) VALUES (@version, @now)",
                new { version, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, scope.Transaction,
                cancellationToken: cancellationToken));
            await scope.CommitAsync(cancellationToken);
            applied.Add(version);
        }

        return applied;
    }

    private static IEnumerable<(int Version, string Sql)> Scripts(StorageEngine engine)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"{assembly.GetName().Name}.Storage.Migrations.{(engine == StorageEngine.Sqlite ? "sqlite" : "postgres")}.";
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => (Version: int.Parse(name[prefix.Length..].Split('_')[0], System.Globalization.CultureInfo.InvariantCulture), Name: name))
            .OrderBy(script => script.Version)
            .Select(script => (script.Version, ReadResource(assembly, script.Name)));
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded migration {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
