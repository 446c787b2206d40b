using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using DynamicModules.Server.Tests.Infrastructure;
using DynamicModules.Storage;
using Microsoft.Extensions.Time.Testing;

namespace DynamicModules.Server.Tests.ForgeRemote;

/// <summary>The key ring behind FITs and app tokens: published as a JWKS, rotated by age, old keys kept while their tokens live, private keys sealed at rest.</summary>
public sealed class SigningKeyTests
{
    private static async Task<string[]> KeyIdsAsync(ServiceHost host)
    {
        var jwks = await host.Anonymous.GetFromJsonAsync<JsonObject>(".well-known/jwks.json");
        return [.. jwks!["keys"]!.AsArray().Select(key =>
        {
            key!["kty"]!.GetValue<string>().ShouldBe("RSA");
            key["alg"]!.GetValue<string>().ShouldBe("RS256");
            key["use"]!.GetValue<string>().ShouldBe("sig");
            return key["kid"]!.GetValue<string>();
        })];
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task KeysRotateByAgeAndOldOnesStayPublishedWhileTheirTokensLive(string engine)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await ServiceHost.StartAsync(engine, clock: clock);

        var first = (await KeyIdsAsync(host)).ShouldHaveSingleItem();
        (await KeyIdsAsync(host)).ShouldBe([first]);

        // Past the rotation age (30 days): a new key signs, the old one is still published for its tokens.
        clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(2));
        var rotated = await KeyIdsAsync(host);
        rotated.Length.ShouldBe(2);
        rotated[1].ShouldBe(first);

        // Once no token it signed can be valid any more (15 minutes of app token life, and a margin), it is gone.
        clock.Advance(TimeSpan.FromMinutes(20));
        (await KeyIdsAsync(host)).ShouldBe([rotated[0]]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task PrivateKeysAreSealedAtRest(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await KeyIdsAsync(host);

        await using var connection = await host.App.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var stored = (await connection.QueryAsync<string>("SELECT private_key FROM forge_signing_keys")).ShouldHaveSingleItem();
        stored.ShouldStartWith("enc1.");
        stored.ShouldNotContain("PRIVATE KEY");
    }

    [Fact]
    public async Task TheJwksIsPublicAndTheForgeFacingOperationsDeclareTheAppTokenScheme()
    {
        await using var host = await ServiceHost.StartAsync();
        (await host.Anonymous.GetAsync(".well-known/jwks.json")).IsSuccessStatusCode.ShouldBeTrue();

        var document = (await host.Anonymous.GetFromJsonAsync<JsonObject>("openapi/v1.json"))!["paths"]!;
        document["/.well-known/jwks.json"]!["get"].ShouldNotBeNull();
        foreach (var (path, method) in new[]
        {
            ("/t/{tenant}/forge/installation/v2/dynamic/module", "post"),
            ("/t/{tenant}/forge/installation/v2/dynamic/module/{key}", "get"),
            ("/t/{tenant}/rest/dynamic-modules/1/quota", "get"),
            ("/t/{tenant}/rest/dynamic-modules/1/expression/analyse", "post"),
        })
        {
            var security = document[path]![method]!["security"]!.AsArray();
            security.Select(requirement => requirement!.AsObject().Single().Key).ShouldBe(["connectJwt", "forgeAppToken"], path);
        }

        document["/t/{tenant}/rest/atlassian-connect/1/app/module/dynamic"]!["get"]!["security"]!.AsArray().Count.ShouldBe(1);
        var invoke = document["/api/v1/tenants/{tenant}/apps/{appKey}/invoke"]!["post"]!;
        invoke["responses"]!.AsObject().Select(response => response.Key).ShouldBe(["200", "400", "401", "404", "413", "502", "504", "default"], ignoreOrder: true);
    }
}
