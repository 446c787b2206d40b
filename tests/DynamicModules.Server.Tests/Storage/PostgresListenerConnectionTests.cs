using Dapper;
using DynamicModules.Server.Tests.Infrastructure;
using DynamicModules.Storage;
using Npgsql;

namespace DynamicModules.Server.Tests.Storage;

/// <summary>
/// Pooled PostgreSQL connections are not reset when they return to the pool (<see cref="Database.ForPostgres"/>), so a LISTEN
/// must never ride on one: listeners have connections of their own, outside the pool.
/// </summary>
public sealed class PostgresListenerConnectionTests
{
    [Fact]
    public async Task AListenEndsWithItsConnectionAndNeverReachesThePool()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = Database.ForPostgres(await TestDatabases.CreatePostgresDatabaseAsync());
        int listenerProcess;
        await using (var listener = await database.OpenListenerAsync(cancellationToken))
        {
            await listener.ExecuteAsync("LISTEN storage_test_channel");
            (await listener.QueryAsync<string>("SELECT pg_listening_channels()")).ShouldBe(["storage_test_channel"]);
            listenerProcess = listener.ProcessID;
        }

        // Two at once, so the pool has to hand out more than the one connection it may already hold.
        await using var first = (NpgsqlConnection)await database.OpenAsync(cancellationToken);
        await using var second = (NpgsqlConnection)await database.OpenAsync(cancellationToken);
        foreach (var pooled in new[] { first, second })
        {
            pooled.ProcessID.ShouldNotBe(listenerProcess);
            (await pooled.QueryAsync<string>("SELECT pg_listening_channels()")).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task APooledConnectionComesBackAsItWasLeft()
    {
        // What "not reset" means, so a change to the setting shows up here: session state would leak to the next user, which is
        // why the service keeps none (every transaction ends; no SET, no session lock, no temporary table outside a listener).
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var database = Database.ForPostgres(await TestDatabases.CreatePostgresDatabaseAsync());
        int process;
        await using (var connection = (NpgsqlConnection)await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("SET application_name = 'left-behind'");
            process = connection.ProcessID;
        }

        await using var again = (NpgsqlConnection)await database.OpenAsync(cancellationToken);
        again.ProcessID.ShouldBe(process);
        (await again.ExecuteScalarAsync<string>("SHOW application_name")).ShouldBe("left-behind");
    }
}
