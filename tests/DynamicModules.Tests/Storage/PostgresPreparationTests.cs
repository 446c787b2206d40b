using DynamicModules.Storage;
using Npgsql;
using Shouldly;

namespace DynamicModules.Tests.Storage;

public class PostgresPreparationTests
{
    [Fact]
    public async Task StatementsArePreparedAutomaticallyByDefault()
    {
        await using var database = Database.ForPostgres("Host=127.0.0.1;Username=postgres;Database=none");
        Settings(database).MaxAutoPrepare.ShouldBe(Database.DefaultMaxAutoPrepare);
    }

    [Theory]
    [InlineData("Max Auto Prepare=0", 0)]
    [InlineData("MaxAutoPrepare=0", 0)]
    [InlineData("Max Auto Prepare=7", 7)]
    public async Task AConnectionStringThatChoosesKeepsItsChoice(string setting, int expected)
    {
        await using var database = Database.ForPostgres($"Host=127.0.0.1;Username=postgres;Database=none;{setting}");
        Settings(database).MaxAutoPrepare.ShouldBe(expected);
    }

    [Fact]
    public async Task PooledConnectionsAreNotResetByDefault()
    {
        await using var database = Database.ForPostgres("Host=127.0.0.1;Username=postgres;Database=none");
        Settings(database).NoResetOnClose.ShouldBeTrue();
    }

    [Theory]
    [InlineData("No Reset On Close=false", false)]
    [InlineData("NoResetOnClose=false", false)]
    [InlineData("No Reset On Close=true", true)]
    public async Task AConnectionStringThatChoosesWhetherToResetKeepsItsChoice(string setting, bool expected)
    {
        await using var database = Database.ForPostgres($"Host=127.0.0.1;Username=postgres;Database=none;{setting}");
        Settings(database).NoResetOnClose.ShouldBe(expected);
    }

    [Fact]
    public async Task EveryDatabaseIsItsOwnNode()
    {
        await using var first = Database.ForPostgres("Host=127.0.0.1;Username=postgres;Database=none");
        await using var second = Database.ForPostgres("Host=127.0.0.1;Username=postgres;Database=none");
        first.Node.ShouldNotBe(second.Node);
        first.Node.ShouldNotBeNullOrEmpty();
    }

    private static NpgsqlConnectionStringBuilder Settings(Database database) => new(database.PostgresConnectionString);
}
