using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Cli.Tests.Infrastructure;
using DynamicModules.Delivery;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Cli.Tests;

/// <summary>The quickstart's fixed ports (the service's 5080, the sample's 5090): nothing else may run beside it.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QuickstartPorts
{
    public const string Name = "Quickstart ports 5080 and 5090";
}

/// <summary>
/// The README's quickstart, performed literally: its commands are read from README.md between the quickstart markers
/// and typed one by one into one bash session at the root of the clone, against the real service on 5080 (as
/// <c>dotnet run --project src/DynamicModules.Server</c> starts it) and the sample that step 1 starts on 5090. Each
/// step's output is checked, and so is what the service and the sample then hold. The only test that uses those ports.
/// </summary>
[Collection(QuickstartPorts.Name)]
public sealed class QuickstartTest
{
    /// <summary>How long the delivery worker may take to settle the event before the test fails (a guard, not a delay).</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_readme_quickstart_delivers_an_event_to_the_sample_in_five_commands()
    {
        var root = DynmodProcess.RepositoryRoot();
        var commands = ReadmeQuickstart.Commands(await File.ReadAllTextAsync(Path.Combine(root, "README.md")));
        commands.Count.ShouldBe(5, string.Join('\n', commands));

        // The service as the README's run command starts it (SQLite, http://127.0.0.1:5080), on a data directory of its
        // own instead of the clone's ./data; so the key comes from DYNMOD_OPERATOR_KEY rather than ./data/operator.key
        // (that default has its own test in ExitCodeTests).
        await using var service = await ServiceHost.StartAsync("sqlite", new Dictionary<string, string> { ["urls"] = "http://127.0.0.1:5080" });
        service.BaseUrl.ShouldBe("http://127.0.0.1:5080");
        await using var bash = BashSession.Start(root, new Dictionary<string, string?> { ["DYNMOD_OPERATOR_KEY"] = ServiceHost.OperatorKey });

        // 1. The sample starts in the background and listens on 5090.
        var (exit, output) = await bash.RunAsync(commands[0]);
        exit.ShouldBe(0, Transcript(bash, output));
        await bash.WaitForLineAsync("Now listening on: http://127.0.0.1:5090");

        // 2. A tenant and the sample installed into it, its clientKey kept in CLIENT_KEY.
        (exit, output) = await bash.RunAsync(commands[1]);
        exit.ShouldBe(0, Transcript(bash, output));
        output.ShouldContain("app.install in acme (enabled)");
        var tenant = (await service.Operator.GetFromJsonAsync<JsonObject>("api/v1/tenants/acme"))!;
        var clientKey = tenant["clientKey"]!.GetValue<string>();
        (await bash.RunAsync("echo \"CLIENT_KEY=$CLIENT_KEY\"")).Output.ShouldContain($"CLIENT_KEY={clientKey}");
        var apps = (await service.Operator.GetFromJsonAsync<JsonArray>("api/v1/tenants/acme/apps"))!;
        var appKey = apps.ShouldHaveSingleItem()!["appKey"]!.GetValue<string>();
        apps[0]!["state"]!.GetValue<string>().ShouldBe("enabled");

        // 3. The rule: the sample answers {moduleKey} and the service holds the dynamic trigger it registered.
        (exit, output) = await bash.RunAsync(commands[2]);
        exit.ShouldBe(0, Transcript(bash, output));
        var moduleKey = RuleAnswer(output)["moduleKey"]!.GetValue<string>();
        var triggers = (await service.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/acme/modules?app={appKey}&type=trigger"))!;
        triggers["modules"]!.AsArray().ShouldContain(m => m!["key"]!.GetValue<string>() == moduleKey && m["source"]!.GetValue<string>() == "dynamic");

        // 4. The event is accepted and queued for the sample's trigger.
        (exit, output) = await bash.RunAsync(commands[3]);
        exit.ShouldBe(0, Transcript(bash, output));
        output.ShouldContain("Event evt-1 accepted: 1 deliveries queued");
        await service.App.Services.GetRequiredService<DeliveryDispatcher>().WaitUntilIdleAsync(CancellationToken.None).WaitAsync(Guard);

        // 5. The assignment the sample recorded, and the delivery in the CLI's table.
        (exit, output) = await bash.RunAsync(commands[4]);
        exit.ShouldBe(0, Transcript(bash, output));
        output.ShouldContain("\"eventId\":\"evt-1\"");
        output.ShouldContain("\"issueKey\":\"DEMO-1\"");
        output.ShouldContain("\"assignee\":\"alice\"");
        output.ShouldContain("avi:jira:created:issue");
        output.ShouldContain("succeeded");
        output.ShouldContain(moduleKey);

        // The admin page the README points to is served, and the delivery it shows is the one the CLI listed.
        using var anonymous = new HttpClient();
        (await anonymous.GetAsync("http://127.0.0.1:5080/admin")).IsSuccessStatusCode.ShouldBeTrue();
        var deliveries = (await service.Operator.GetFromJsonAsync<JsonObject>("api/v1/tenants/acme/deliveries"))!["deliveries"]!.AsArray();
        var delivery = deliveries.ShouldHaveSingleItem()!;
        delivery["eventId"]!.GetValue<string>().ShouldBe("evt-1");
        delivery["status"]!.GetValue<string>().ShouldBe("succeeded");
    }

    // The sample's answer is one JSON object; curl prints no newline after it, so a background log line of the sample may
    // continue the same line. Find the object itself rather than a line holding only it.
    private static JsonObject RuleAnswer(string output) =>
        System.Text.RegularExpressions.Regex.Matches(output, @"\{[^{}\n]*""moduleKey""[^{}\n]*\}")
            .Select(match => JsonNode.Parse(match.Value) as JsonObject).First(answer => answer?["moduleKey"] is not null)!;

    private static string Transcript(BashSession bash, string output) => $"step output:\n{output}\nsession so far:\n{bash.Transcript}";
}
