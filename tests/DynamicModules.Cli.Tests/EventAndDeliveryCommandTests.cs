using System.Text.Json.Nodes;
using DynamicModules.Cli.Tests.Infrastructure;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Cli.Tests;

/// <summary><c>dynmod events publish</c>, <c>deliveries list|follow|redeliver|replay</c> and <c>audit</c> against the real service.</summary>
public sealed class EventAndDeliveryCommandTests
{
    /// <summary>How long to wait for a line from <c>deliveries follow</c> before failing (a guard, not a delay).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task Events_published_from_a_file_and_stdin_are_delivered_listed_followed_redelivered_and_replayed(string engine)
    {
        await using var service = await CliService.StartAsync(engine);
        var tenant = CliService.NewTenantKey();
        (await service.RunAsync("tenants", "create", tenant, "--product", "jira")).ExitCode.ShouldBe(0);
        (await service.RunAsync("apps", "install", tenant, service.DescriptorUrl)).ExitCode.ShouldBe(0);

        using var follow = DynmodProcess.Start(["deliveries", "follow", tenant, "--json"], service.Environment);
        try
        {
            // From stdin.
            var first = CliService.IssueCreated();
            var published = (await service.RunWithStdinAsync(first.ToJsonString(), "events", "publish", tenant, "-", "--json")).Json();
            published["id"]!.GetValue<string>().ShouldBe(first["id"]!.GetValue<string>());
            published["deliveries"]!.GetValue<int>().ShouldBe(1);

            // follow prints the delivery once it has settled, as one JSON object on one line.
            var line = await follow.StandardOutput.ReadLineAsync().WaitAsync(Guard);
            var followed = CliResult.JsonDocumentOf(line!);
            followed["eventId"]!.GetValue<string>().ShouldBe(first["id"]!.GetValue<string>());
            followed["status"]!.GetValue<string>().ShouldBe("succeeded");

            // From a file; a repeat of the same id queues nothing new.
            var file = Path.Combine(Path.GetTempPath(), $"event-{Guid.NewGuid():N}.json");
            await File.WriteAllTextAsync(file, first.ToJsonString());
            try
            {
                var repeat = await service.RunAsync("events", "publish", tenant, file);
                repeat.ExitCode.ShouldBe(0, repeat.ToString());
                repeat.Stdout.ShouldContain("a repeat");
            }
            finally
            {
                File.Delete(file);
            }

            var second = CliService.IssueCreated();
            (await service.RunWithStdinAsync(second.ToJsonString(), "events", "publish", tenant, "-")).ExitCode.ShouldBe(0);
            var next = CliResult.JsonDocumentOf((await follow.StandardOutput.ReadLineAsync().WaitAsync(Guard))!);
            next["eventId"]!.GetValue<string>().ShouldBe(second["id"]!.GetValue<string>());
        }
        finally
        {
            follow.Kill();
            await follow.WaitForExitAsync();
        }

        await service.DeliveriesIdleAsync();
        service.App.ReceivedAt("/hooks/created").Count().ShouldBe(2);
        var deliveries = (await service.RunAsync("deliveries", "list", tenant, "--json")).Json().AsArray();
        deliveries.Count.ShouldBe(2);
        deliveries.ShouldAllBe(d => d!["status"]!.GetValue<string>() == "succeeded");
        deliveries[0]!["attempts"]!.AsArray().ShouldHaveSingleItem();
        (await service.RunAsync("deliveries", "list", tenant, "--status", "dead", "--json")).Json().AsArray().ShouldBeEmpty();

        var table = await service.RunAsync("deliveries", "list", tenant, "--status", "succeeded");
        table.ExitCode.ShouldBe(0, table.ToString());
        table.Stdout.ShouldContain("avi:jira:created:issue");
        table.Stdout.ShouldContain("on-created");

        var id = deliveries[0]!["id"]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var redelivered = (await service.RunAsync("deliveries", "redeliver", id, "--json")).Json();
        redelivered["status"]!.GetValue<string>().ShouldBe("pending");
        await service.DeliveriesIdleAsync();
        service.App.ReceivedAt("/hooks/created").Count().ShouldBe(3);

        // Nothing failed, so the default replay (failed and dead) finds nothing; succeeded ones within the hour are both replayed.
        (await service.RunAsync("deliveries", "replay", tenant, "--since", "1h", "--json")).Json()["count"]!.GetValue<int>().ShouldBe(0);
        var replayed = await service.RunAsync("deliveries", "replay", tenant, "--since", "1h", "--status", "succeeded");
        replayed.ExitCode.ShouldBe(0, replayed.ToString());
        replayed.Stdout.ShouldContain("2 deliveries queued again");
        await service.DeliveriesIdleAsync();
        service.App.ReceivedAt("/hooks/created").Count().ShouldBe(5);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task Audit_shows_every_operation_on_the_tenant_oldest_first(string engine)
    {
        await using var service = await CliService.StartAsync(engine);
        var tenant = CliService.NewTenantKey();
        (await service.RunAsync("tenants", "create", tenant, "--product", "jira")).ExitCode.ShouldBe(0);
        (await service.RunAsync("apps", "install", tenant, service.DescriptorUrl)).ExitCode.ShouldBe(0);
        (await service.RunAsync("apps", "uninstall", tenant, service.App.Key)).ExitCode.ShouldBe(0);

        var records = (await service.RunAsync("audit", tenant, "--json")).Json().AsArray();

        records.Select(r => r!["operation"]!.GetValue<string>()).ShouldBe(["tenant.create", "app.install", "app.uninstall"]);
        records.Select(r => r!["id"]!.GetValue<long>()).ShouldBeInOrder();
        var table = await service.RunAsync("audit", tenant);
        table.ExitCode.ShouldBe(0, table.ToString());
        table.Stdout.ShouldContain("app.uninstall");
        table.Stdout.ShouldContain(service.App.Key);
    }

    [Fact]
    public async Task Events_publish_of_an_invalid_event_prints_the_services_detail_and_exits_1()
    {
        await using var service = await CliService.StartAsync("sqlite");
        var tenant = CliService.NewTenantKey();
        (await service.RunAsync("tenants", "create", tenant, "--product", "jira")).ExitCode.ShouldBe(0);

        var result = await service.RunWithStdinAsync(new JsonObject { ["type"] = "avi:jira:created:issue" }.ToJsonString(), "events", "publish", tenant, "-", "--json");

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain("id is required");
        result.Stdout.ShouldBeEmpty();
    }
}
