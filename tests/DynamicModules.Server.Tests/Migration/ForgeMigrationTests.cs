using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Events;
using DynamicModules.Server.Tests.ForgeRemote;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Migration;

/// <summary>
/// Connect → Forge migration over HTTP (DESIGN §4.6), on both engines: an adopted app's Connect modules keep working, the
/// dry run changes nothing, the application converts all-or-nothing and once, at the quota limit too, the triggers it
/// creates deliver with the Forge Remote contract, and no event reaches the app twice across the switch.
/// </summary>
public sealed class ForgeMigrationTests
{
    private static readonly TimeSpan FeedWait = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AfterTheAdoptingUpgradeTheConnectModulesAreServedListedAndDeliver(string engine)
    {
        await using var scenario = await MigrationScenario.StartAsync(engine);

        var listed = await scenario.ConnectListAsync();
        listed.Keys.ShouldBe(["webhooks", "webItems"], ignoreOrder: true);
        listed["webhooks"].ShouldBe(["issue-hook"]);
        listed["webItems"].ShouldBe(["kept-item"]);
        var (_, modules) = await scenario.ReadModulesAsync();
        modules.Select(m => m!["key"]!.GetValue<string>()).ShouldBe(["on-created", "issue-hook", "kept-item"], ignoreOrder: true);

        var matching = await scenario.Events.PublishOkAsync("avi:jira:updated:issue", EventScenario.IssuePayload());
        matching["deliveries"]!.GetValue<int>().ShouldBe(1);
        (await scenario.Events.PublishOkAsync("avi:jira:updated:issue", EventScenario.IssuePayload(project: "OTHER")))["deliveries"]!
            .GetValue<int>().ShouldBe(0);
        var delivered = (await scenario.Events.WaitForRequestsAsync(MigrationScenario.HookPath, 1)).Single();
        // Still a Connect webhook: Connect JWT, Connect body.
        delivered.Token.ShouldNotBeNull();
        delivered.Body!["webhookEvent"]!.GetValue<string>().ShouldBe("jira:issue_updated");
        (await scenario.Events.WaitForSettledAsync(1)).Select(d => d!["status"]!.GetValue<string>()).ShouldAllBe(s => s == "succeeded");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ADryRunAnswersThePlanAndChangesNothing(string engine)
    {
        await using var scenario = await MigrationScenario.StartAsync(engine);
        var (etag, before) = await scenario.ReadModulesAsync();
        var audit = (await scenario.AuditAsync()).Count;
        var version = await scenario.ModuleVersionAsync();

        foreach (var plan in new[] { await scenario.MigrateOkAsync(dryRun: null), await scenario.MigrateOkAsync(dryRun: true) })
        {
            plan["tenant"]!.GetValue<string>().ShouldBe(scenario.Tenant);
            plan["appKey"]!.GetValue<string>().ShouldBe(scenario.AppKey);
            plan["dryRun"]!.GetValue<bool>().ShouldBeTrue();
            plan["applied"]!.GetValue<bool>().ShouldBeFalse();
            plan["modules"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()).ShouldBe(["issue-hook", "kept-item"], ignoreOrder: true);
            var hook = MigrationScenario.Entry(plan, "issue-hook");
            hook["type"]!.GetValue<string>().ShouldBe("webhooks");
            hook["status"]!.GetValue<string>().ShouldBe("planned", hook.ToJsonString());
            hook["forgeType"]!.GetValue<string>().ShouldBe("trigger");
            hook["data"]!["events"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(["avi:jira:updated:issue"]);
            hook.ContainsKey("reason").ShouldBeFalse();
            foreach (var entry in plan["modules"]!.AsArray().Select(m => m!.AsObject()))
            {
                if (entry["status"]!.GetValue<string>() == "staysConnect")
                {
                    entry["reason"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
                    entry.ContainsKey("newKey").ShouldBeFalse();
                }
            }
        }

        var (etagAfter, after) = await scenario.ReadModulesAsync();
        etagAfter.ShouldBe(etag);
        after.ToJsonString().ShouldBe(before.ToJsonString());
        (await scenario.AuditAsync()).Count.ShouldBe(audit);
        (await scenario.ModuleVersionAsync()).ShouldBe(version);
        (await scenario.ConnectListAsync())["webhooks"].ShouldBe(["issue-hook"]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ApplyingConvertsOnceAndTheTriggerDeliversToTheDerivedEndpointWithForgeRemoteAuth(string engine)
    {
        await using var scenario = await MigrationScenario.StartAsync(engine);
        var (etag, _) = await scenario.ReadModulesAsync();
        var version = await scenario.ModuleVersionAsync();
        using var feed = await scenario.Host.Operator.GetAsync(
            $"api/v1/tenants/{scenario.Tenant}/changes?after={version}", HttpCompletionOption.ResponseHeadersRead);
        using var changes = new ServerSentEventReader(await feed.Content.ReadAsStreamAsync());

        var applied = await scenario.MigrateOkAsync(dryRun: false);

        applied["dryRun"]!.GetValue<bool>().ShouldBeFalse();
        applied["applied"]!.GetValue<bool>().ShouldBeTrue(applied.ToJsonString());
        var hook = MigrationScenario.Entry(applied, "issue-hook");
        hook["status"]!.GetValue<string>().ShouldBe("converted");
        hook["forgeType"]!.GetValue<string>().ShouldBe("trigger");
        var newKey = hook["newKey"]!.GetValue<string>();
        // The manifest has no endpoint at the webhook's URL: one is derived on app.connect.remote with that URL as route.
        hook["derivedEndpoint"]!["remote"]!.GetValue<string>().ShouldBe("backend");
        hook["derivedEndpoint"]!["route"]!.GetValue<string>().ShouldBe(MigrationScenario.HookPath);
        hook["data"]!["endpoint"]!.GetValue<string>().ShouldBe(hook["derivedEndpoint"]!["key"]!.GetValue<string>());

        // Replaced in one change: the module read, the Connect list, the audit log and the change feed all show it.
        var (etagAfter, modules) = await scenario.ReadModulesAsync();
        etagAfter.ShouldNotBe(etag);
        (await scenario.ModuleVersionAsync()).ShouldBe(version + 1);
        var trigger = modules.Single(m => m!["key"]!.GetValue<string>() == newKey)!;
        trigger["type"]!.GetValue<string>().ShouldBe("trigger");
        trigger["dialect"]!.GetValue<string>().ShouldBe("forge");
        (await scenario.ConnectListAsync()).ContainsKey("webhooks").ShouldBeFalse();
        var migrate = (await scenario.AuditAsync()).Where(r => r!["operation"]!.GetValue<string>() == "module.migrate").ToList();
        migrate.Count.ShouldBe(1);
        migrate[0]!["moduleKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldContain("issue-hook");
        migrate[0]!["details"]!.GetValue<string>().ShouldContain("issue-hook (webhooks) → " + newKey + " (trigger)");
        var change = await changes.NextAsync(FeedWait);
        var changed = JsonNode.Parse(change.Data)!;
        changed["operation"]!.GetValue<string>().ShouldBe("module.migrate");
        changed["moduleKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldBe(new[] { "issue-hook", newKey }.Distinct(), ignoreOrder: true);

        // Again: nothing changes.
        var again = await scenario.MigrateOkAsync(dryRun: false);
        again["applied"]!.GetValue<bool>().ShouldBeFalse();
        var converted = MigrationScenario.Entry(again, "issue-hook");
        converted["status"]!.GetValue<string>().ShouldBe("alreadyConverted");
        converted["newKey"]!.GetValue<string>().ShouldBe(newKey);
        converted["forgeType"]!.GetValue<string>().ShouldBe("trigger");
        (await scenario.ModuleVersionAsync()).ShouldBe(version + 1);
        (await scenario.AuditAsync()).Count(r => r!["operation"]!.GetValue<string>() == "module.migrate").ShouldBe(1);
        (await scenario.ReadModulesAsync()).ETag.ShouldBe(etagAfter);

        // The trigger delivers to the webhook's URL under the Forge Remote contract, and its filter is the JQL's.
        (await scenario.Events.PublishOkAsync("avi:jira:updated:issue", EventScenario.IssuePayload()))["deliveries"]!.GetValue<int>().ShouldBe(1);
        (await scenario.Events.PublishOkAsync("avi:jira:updated:issue", EventScenario.IssuePayload(project: "OTHER")))["deliveries"]!
            .GetValue<int>().ShouldBe(0);
        var delivered = (await scenario.Events.WaitForRequestsAsync(MigrationScenario.HookPath, 1)).Single();
        var (claims, _) = await ForgeRemoteApp.VerifyFitAsync(scenario.Host, delivered, scenario.AppId);
        claims["app"]!["module"]!["key"]!.GetValue<string>().ShouldBe(newKey);
        delivered.Body!["payload"]!["issue"]!["key"]!.GetValue<string>().ShouldBe("PROJ-1");

        // The app upgrades its manifest, which does not declare the derived endpoint: the trigger keeps delivering there.
        await scenario.AdoptAsync();
        (await scenario.Events.PublishOkAsync("avi:jira:updated:issue", EventScenario.IssuePayload(key: "PROJ-2")))["deliveries"]!
            .GetValue<int>().ShouldBe(1);
        var later = (await scenario.Events.WaitForRequestsAsync(MigrationScenario.HookPath, 2))[1];
        (await ForgeRemoteApp.VerifyFitAsync(scenario.Host, later, scenario.AppId)).Claims["app"]!["module"]!["key"]!.GetValue<string>().ShouldBe(newKey);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AtTheQuotaLimitTheApplicationSucceedsAndNothingIsOver(string engine)
    {
        await using var scenario = await MigrationScenario.StartAsync(engine);
        (await scenario.Host.Operator.PutAsJsonAsync($"api/v1/tenants/{scenario.Tenant}/apps/{scenario.AppKey}/quota", new { limit = 2 }))
            .EnsureSuccessStatusCode();

        var applied = await scenario.MigrateOkAsync(dryRun: false);

        applied["applied"]!.GetValue<bool>().ShouldBeTrue(applied.ToJsonString());
        using var http = scenario.Events.AppClient().Http;
        var quota = (await http.GetFromJsonAsync<JsonObject>("rest/dynamic-modules/1/quota"))!;
        quota["limit"]!.GetValue<int>().ShouldBe(2);
        quota["used"]!.GetValue<int>().ShouldBe(2);
        quota["available"]!.GetValue<int>().ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AnEventReachesTheAppOnceBeforeDuringAndAfterTheSwitch(string engine)
    {
        // The manifest declares a trigger at the very URL the app's dynamic webhook delivers to, for the same event.
        await using var scenario = await MigrationScenario.StartAsync(engine, manifestTriggerAtHook: true);

        var before = await scenario.Events.PublishOkAsync("avi:jira:updated:issue", EventScenario.IssuePayload(key: "PROJ-0"));
        before["deliveries"]!.GetValue<int>().ShouldBe(1);
        var first = (await scenario.Events.WaitForRequestsAsync(MigrationScenario.HookPath, 1)).Single();
        first.Headers["Authorization"].ShouldStartWith("Bearer ");

        // Events published while the migration applies: each matches either before or after it, never both.
        var publishing = Enumerable.Range(1, 12)
            .Select(i => scenario.Events.PublishOkAsync("avi:jira:updated:issue", EventScenario.IssuePayload(key: $"PROJ-{i}"))).ToList();
        var applying = scenario.MigrateOkAsync(dryRun: false);
        await Task.WhenAll(publishing);
        var applied = await applying;
        MigrationScenario.Entry(applied, "issue-hook")["status"]!.GetValue<string>().ShouldBe("converted");
        // The planner targets the manifest's endpoint at that URL: nothing is derived.
        MigrationScenario.Entry(applied, "issue-hook").ContainsKey("derivedEndpoint").ShouldBeFalse();
        publishing.Select(p => p.Result["deliveries"]!.GetValue<int>()).ShouldAllBe(count => count == 1);

        var after = await scenario.Events.PublishOkAsync("avi:jira:updated:issue", EventScenario.IssuePayload(key: "PROJ-13"));
        after["deliveries"]!.GetValue<int>().ShouldBe(1);
        after["skipped"]!.GetValue<int>().ShouldBe(1);

        var requests = await scenario.Events.WaitForRequestsAsync(MigrationScenario.HookPath, 14);
        await scenario.Events.WaitForSettledAsync(14);
        var keys = scenario.Events.App.ReceivedAt(MigrationScenario.HookPath)
            .Select(r => (r.Body!["payload"] ?? r.Body)!["issue"]!["key"]!.GetValue<string>()).ToList();
        keys.Count.ShouldBe(14);
        keys.ShouldBeUnique();
        requests.Count.ShouldBe(14);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task RefusalsSayWhyAndChangeNothing(string engine)
    {
        await using var scenario = await MigrationScenario.StartAsync(engine, adopt: false);

        var notAdopted = await scenario.MigrateAsync("?dryRun=false");
        notAdopted.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await notAdopted.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("app.connect.key");

        await scenario.AdoptAsync();
        var badFlag = await scenario.MigrateAsync("?dryRun=maybe");
        badFlag.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await badFlag.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("dryRun");

        var unknown = await scenario.Host.Operator.PostAsync($"api/v1/tenants/{scenario.Tenant}/apps/no-such-app/migrate-to-forge", null);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("no-such-app");

        // Another tenant cannot see this tenant's app.
        var other = (await scenario.Host.CreateTenantAsync())["key"]!.GetValue<string>();
        var foreign = await scenario.Host.Operator.PostAsync($"api/v1/tenants/{other}/apps/{scenario.AppKey}/migrate-to-forge?dryRun=false", null);
        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The tenant's admins see the app, but applying a migration is the operator's.
        var link = await scenario.Host.Operator.PostAsync($"api/v1/tenants/{scenario.Tenant}/admin-links", null);
        var url = (await link.Content.ReadFromJsonAsync<JsonObject>())!["url"]!.GetValue<string>();
        using var admin = new HttpClient(new DocumentedResponses(scenario.Host.BaseUrl)) { BaseAddress = new Uri(scenario.Host.BaseUrl + "/") };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", url.Split("#token=")[1]);
        var forbidden = await admin.PostAsync(scenario.MigratePath("?dryRun=false"), null);
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await forbidden.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("operator key");

        (await scenario.ConnectListAsync())["webhooks"].ShouldBe(["issue-hook"]);
        (await scenario.AuditAsync()).Select(r => r!["operation"]!.GetValue<string>()).ShouldNotContain("module.migrate");
    }
}
