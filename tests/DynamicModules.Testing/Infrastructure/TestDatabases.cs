using Npgsql;

namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>
/// Which engines the storage-sensitive tests run on: always SQLite and PostgreSQL, so the PostgreSQL cases
/// exist in every run. Without DYNMOD_TEST_POSTGRES they are reported as skipped with the reason (the skip
/// count says what did not run); with DYNMOD_REQUIRE_POSTGRES=1 (set by .ci/run) a missing database fails
/// them instead.
/// </summary>
public static class TestDatabases
{
    /// <summary>The PostgreSQL admin connection string, or null.</summary>
    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable("DYNMOD_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    /// <summary>Whether a missing PostgreSQL must fail the run (CI) rather than skip its cases.</summary>
    public static bool PostgresRequired => Environment.GetEnvironmentVariable("DYNMOD_REQUIRE_POSTGRES") == "1";

    /// <summary>Theory data: the engines to run on.</summary>
    /// <remarks>A method, not a property: xunit's analyzer crashes on a MemberData property declared in another assembly.</remarks>
    public static TheoryData<string> Engines() => new() { "sqlite", "postgres" };

    /// <summary>Ends the current test as skipped (or, when required, failed) unless PostgreSQL is configured.</summary>
    public static string RequirePostgres()
    {
        if (PostgresConnectionString is { } admin)
        {
            return admin;
        }

        if (PostgresRequired)
        {
            Assert.Fail("DYNMOD_REQUIRE_POSTGRES=1 but DYNMOD_TEST_POSTGRES is not set: the PostgreSQL cases cannot run.");
        }

        Assert.Skip("PostgreSQL not configured: set DYNMOD_TEST_POSTGRES to a connection string to run this case.");
        return null!;
    }

    /// <summary>Creates an empty PostgreSQL database for one test host and returns its connection string.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var admin = RequirePostgres();
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
