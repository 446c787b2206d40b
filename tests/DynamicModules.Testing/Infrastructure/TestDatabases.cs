using Npgsql;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>
/// Which engines the storage-sensitive tests run on. SQLite always; PostgreSQL when
/// DYNMOD_TEST_POSTGRES holds a connection string. When DYNMOD_REQUIRE_POSTGRES=1 (set by .ci/run), a
/// missing PostgreSQL fails the run instead of quietly testing SQLite only.
/// </summary>
public static class TestDatabases
{
    /// <summary>The PostgreSQL admin connection string, or null.</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("DYNMOD_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    /// <summary>Theory data: the engines to run on.</summary>
    /// <remarks>A method, not a property: xunit's analyzer crashes on a MemberData property declared in another assembly.</remarks>
    public static TheoryData<string> Engines()
    {
        var engines = new TheoryData<string> { "sqlite" };
        if (PostgresConnectionString is not null || Environment.GetEnvironmentVariable("DYNMOD_REQUIRE_POSTGRES") == "1")
        {
            engines.Add("postgres");
        }

        return engines;
    }

    /// <summary>Creates an empty PostgreSQL database for one test host and returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var admin = PostgresConnectionString
            ?? throw new InvalidOperationException("DYNMOD_REQUIRE_POSTGRES=1 but DYNMOD_TEST_POSTGRES is not set: PostgreSQL tests cannot run.");
        var name = "dm_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }
}
