using System.Text.Json.Nodes;
using DynamicModules.Client.Api;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Client.Tests;

/// <summary>The typed client against the real service over HTTP, on both engines.</summary>
public sealed class ClientApiTests
{
    private static DynamicModulesClient ClientFor(InstalledApp installed, HttpClient http, string? secret = null) =>
        new(http, new ConnectCredentials(installed.App.Key, secret ?? installed.App.SharedSecret, installed.TenantBaseUrl, installed.ClientKey));

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ConnectAndForgeCallsQuotaAndAnalyseWork(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var installed = await InstalledApp.CreateAsync(host);
        using var http = new HttpClient();
        var client = ClientFor(installed, http);
        var ct = TestContext.Current.CancellationToken;

        await client.RegisterConnectModulesAsync(InstalledApp.WebItems("dyn-a", "dyn-b"), ct);
        var listed = await client.ListConnectModulesAsync(ct);
        listed["webItems"]!.AsArray().Select(m => m!["key"]!.GetValue<string>()).Order().ShouldBe(["dyn-a", "dyn-b"]);
        await client.DeleteConnectModulesAsync(["dyn-a"], ct);
        (await client.ListConnectModulesAsync(ct))["webItems"]!.AsArray().Count.ShouldBe(1);

        var created = await client.CreateForgeModuleAsync("webItems", InstalledApp.WebItem("ignored-key", "Forge item"), ct);
        Guid.TryParse(created.Key, out _).ShouldBeTrue();
        (await client.GetForgeModuleAsync(created.Key, ct))!.Data["name"]!["value"]!.GetValue<string>().ShouldBe("Forge item");
        var renamed = created.Data.DeepClone().AsObject();
        renamed["name"] = new JsonObject { ["value"] = "Renamed" };
        var updated = await client.UpdateForgeModuleAsync(created.Key, "webItems", renamed, ct);
        updated.Data["name"]!["value"]!.GetValue<string>().ShouldBe("Renamed");

        var first = await client.ListForgeModulesAsync(limit: 1, cancellationToken: ct);
        first.Modules.Count.ShouldBe(1);
        first.NextPageToken.ShouldNotBeNull();
        var second = await client.ListForgeModulesAsync(limit: 1, nextPageToken: first.NextPageToken, cancellationToken: ct);
        second.Modules.Single().Key.ShouldNotBe(first.Modules.Single().Key);

        var quota = await client.GetQuotaAsync(ct);
        quota.Used.ShouldBe(2);
        quota.Available.ShouldBe(quota.Limit - 2);

        await client.DeleteForgeModuleAsync(created.Key, ct);
        (await client.GetForgeModuleAsync(created.Key, ct)).ShouldBeNull();

        var analysis = await client.AnalyseAsync(["event.issue.key == 'A-1'", "event.issue.("], cancellationToken: ct);
        analysis[0].Valid.ShouldBeTrue();
        analysis[1].Valid.ShouldBeFalse();
        analysis[1].Errors.ShouldNotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task RefusalsThrowWithTheServicesMessage(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var installed = await InstalledApp.CreateAsync(host);
        using var http = new HttpClient();
        var client = ClientFor(installed, http);
        var ct = TestContext.Current.CancellationToken;

        // A key repeated inside one request: the whole request is refused, with Connect's {message}.
        var twice = await Should.ThrowAsync<DynamicModulesApiException>(() => client.RegisterConnectModulesAsync(InstalledApp.WebItems("dup", "dup"), ct));
        twice.StatusCode.ShouldBe(400);
        twice.Message.ShouldContain("dup");

        // Forge's dialect: 422 with the problems by path.
        var invalid = await Should.ThrowAsync<DynamicModulesApiException>(() => client.CreateForgeModuleAsync("webItems", new JsonObject { ["key"] = "x" }, ct));
        invalid.StatusCode.ShouldBe(422);
        invalid.Errors.ShouldNotBeEmpty();

        var missing = await Should.ThrowAsync<DynamicModulesApiException>(() => client.DeleteForgeModuleAsync(Guid.NewGuid().ToString(), ct));
        missing.StatusCode.ShouldBe(404);

        // Signed with the wrong secret: the service's 401 message, never a result.
        var stranger = ClientFor(installed, http, secret: "not-the-shared-secret");
        var refused = await Should.ThrowAsync<DynamicModulesApiException>(() => stranger.GetQuotaAsync(ct));
        refused.StatusCode.ShouldBe(401);
        refused.Message.ShouldBe("The request is not from a Connect app.");
    }
}
