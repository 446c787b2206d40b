using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Events;
using DynamicModules.Server.Tests.ForgeRemote;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Migration;

/// <summary>
/// The app reads its own migration plan: with its Connect JWT at the Connect path, with a Forge app token at the Forge v2
/// path; always a dry run, refusals in the route's dialect.
/// </summary>
public sealed class AppMigrationPlanTests
{
    private const string ConnectPlanPath = "rest/atlassian-connect/1/app/module/dynamic/migration";
    private const string ForgePlanPath = "forge/installation/v2/dynamic/migration";

    private static void ShouldBeThePlan(JsonObject plan, MigrationScenario scenario)
    {
        plan["tenant"]!.GetValue<string>().ShouldBe(scenario.Tenant);
        plan["appKey"]!.GetValue<string>().ShouldBe(scenario.AppKey);
        plan["dryRun"]!.GetValue<bool>().ShouldBeTrue();
        plan["applied"]!.GetValue<bool>().ShouldBeFalse();
        MigrationScenario.Entry(plan, "issue-hook")["status"]!.GetValue<string>().ShouldBe("planned", plan.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TheConnectJwtReadsThePlanAndChangesNothing(string engine)
    {
        await using var scenario = await MigrationScenario.StartAsync(engine, adopt: false);
        using var http = scenario.Events.AppClient().Http;

        // Not adopted yet: 409 in Connect's {message}, on both paths.
        foreach (var path in new[] { ConnectPlanPath, ForgePlanPath })
        {
            var refused = await http.GetAsync(path);
            refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
            (await refused.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>().ShouldContain("app.connect.key");
        }

        await scenario.AdoptAsync();
        var version = await scenario.ModuleVersionAsync();
        var plan = (await http.GetFromJsonAsync<JsonObject>(ConnectPlanPath))!;

        ShouldBeThePlan(plan, scenario);
        plan.ToJsonString().ShouldBe((await scenario.MigrateOkAsync(dryRun: true)).ToJsonString());
        (await scenario.ModuleVersionAsync()).ShouldBe(version);
        (await scenario.ConnectListAsync())["webhooks"].ShouldBe(["issue-hook"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TheForgeAppTokenReadsThePlanAndAfterTheApplicationSeesItConverted(string engine)
    {
        await using var scenario = await MigrationScenario.StartAsync(engine);
        await scenario.Events.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        var delivery = (await scenario.Events.WaitForRequestsAsync(ForgeRemoteApp.EventsPath, 1)).Single();
        var baseUrl = scenario.Events.TenantJson["baseUrl"]!.GetValue<string>();
        using var forge = ForgeRemoteApp.AppTokenClient(scenario.Host, baseUrl, delivery.Headers["x-forge-oauth-system"]);

        ShouldBeThePlan((await forge.GetFromJsonAsync<JsonObject>(ForgePlanPath))!, scenario);

        // A Forge app token is no Connect JWT: the Connect path refuses it.
        (await forge.GetAsync(ConnectPlanPath)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        await scenario.MigrateOkAsync(dryRun: false);
        var after = (await forge.GetFromJsonAsync<JsonObject>(ForgePlanPath))!;
        after["applied"]!.GetValue<bool>().ShouldBeFalse();
        MigrationScenario.Entry(after, "issue-hook")["status"]!.GetValue<string>().ShouldBe("alreadyConverted");
    }
}
