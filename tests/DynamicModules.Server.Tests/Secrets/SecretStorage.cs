using Dapper;
using DynamicModules.Storage;

namespace DynamicModules.Server.Tests.Secrets;

/// <summary>Direct access to a test host's database, to look at and tamper with what the service stored.</summary>
internal sealed class SecretStorage(string engine, string dataDirectory, string? postgres)
{
    public const string SqliteFile = "dynamic-modules.db";

    public string SqlitePath => Path.Combine(dataDirectory, SqliteFile);

    public async Task<IReadOnlyList<(long Id, string SharedSecret, string SigningSecret)>> InstallationsAsync()
    {
        await using var database = Open();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var rows = await connection.QueryAsync<(long, string, string)>("SELECT id, shared_secret, signing_secret FROM installations ORDER BY id");
        return rows.ToList();
    }

    public async Task<IReadOnlyList<string>> DataProtectionKeysAsync()
    {
        await using var database = Open();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<string>("SELECT xml FROM data_protection_keys")).ToList();
    }

    public async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var database = Open();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql, parameters);
    }

    private Database Open() => engine == "postgres" ? Database.ForPostgres(postgres!) : Database.ForSqlite(SqlitePath);
}
