using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Requests;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>At-least-once delivery: signatures, retries, Retry-After, dead letters, recovery, restarts, URL safety, isolation.</summary>
public sealed class DeliveryTests
{
    private static JsonObject OneWebhook(string url = "/hooks/created", bool excludeBody = false) => new()
    {
        ["webhooks"] = new JsonArray(EventScenario.Webhook("hook", "jira:issue_created", url, excludeBody: excludeBody)),
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task DeliveriesCarryAConnectJwtAndAStandardWebhooksSignatureThatVerify(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook("/hooks/created?source=dm"));
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        var request = (await scenario.WaitForRequestsAsync("/hooks/created", 1)).Single();

        JwsToken.TryParse(request.Token, out var jws, out var failure).ShouldBeTrue(failure);
        jws!.Algorithm.ShouldBe("HS256");
        jws.VerifyHs256(scenario.App.SharedSecret).ShouldBeTrue();
        jws.Claims.GetProperty("iss").GetString().ShouldBe(scenario.ClientKey);
        jws.Claims.GetProperty("qsh").GetString().ShouldBe(QueryStringHash.Compute("POST", request.RawPath, request.RawQuery, FakeConnectApp.BasePath));
        jws.Claims.GetProperty("exp").GetInt64().ShouldBeLessThanOrEqualTo(DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());

        // The secret the app got in its installed callback, and the operator can read back.
        var secret = scenario.App.ReceivedAt("/installed").Last().Body!["webhookSigningSecret"]!.GetValue<string>();
        var fromApi = await scenario.Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{scenario.Tenant}/apps/{scenario.App.Key}/signing-secret");
        fromApi!["signingSecret"]!.GetValue<string>().ShouldBe(secret);
        VerifyStandardWebhook(request, secret).ShouldBeTrue();
    }

    [Fact]
    public async Task ExcludeBodySendsAnEmptySignedBody()
    {
        await using var scenario = await EventScenario.StartAsync("sqlite", OneWebhook(excludeBody: true));
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        var request = (await scenario.WaitForRequestsAsync("/hooks/created", 1)).Single();
        request.Text.ShouldBeEmpty();
        VerifyStandardWebhook(request, scenario.App.ReceivedAt("/installed").Last().Body!["webhookSigningSecret"]!.GetValue<string>()).ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task FailedAttemptsAreRetriedWithTheSameWebhookIdUntilOneSucceeds(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook());
        var calls = 0;
        scenario.App.DeliveryStatus = _ => Interlocked.Increment(ref calls) < 3 ? 500 : 200;
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());

        var delivery = (await scenario.WaitForSettledAsync(1)).Single()!;
        delivery["status"]!.GetValue<string>().ShouldBe("succeeded");
        var requests = scenario.App.ReceivedAt("/hooks/created").ToList();
        requests.Count.ShouldBe(3);
        requests.Select(r => r.Headers["webhook-id"]).Distinct().ShouldHaveSingleItem().ShouldBe(delivery["webhookId"]!.GetValue<string>());
        requests.Select(r => r.Text).Distinct().Count().ShouldBe(1);
        delivery["attempts"]!.AsArray().Select(a => a!["statusCode"]!.GetValue<int>()).ShouldBe([500, 500, 200]);
    }

    [Fact]
    public async Task RetryAfterIsHonoured()
    {
        await using var scenario = await EventScenario.StartAsync("sqlite", OneWebhook());
        // The fake app records a request before it answers, so the first answer sees one request.
        bool First() => scenario.App.ReceivedAt("/hooks/created").Count() == 1;
        scenario.App.DeliveryStatus = _ => First() ? 429 : 200;
        scenario.App.DeliveryHeaders = _ => First() ? new Dictionary<string, string> { ["Retry-After"] = "2" } : null;
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        await scenario.IdleAsync();
        scenario.App.ReceivedAt("/hooks/created").Count().ShouldBe(1);

        // 1.9 s later on the service clock it is still waiting (the backoff alone would be under 0.2 s) ...
        var clock = scenario.Clock!;
        clock.Advance(TimeSpan.FromSeconds(1.9));
        await scenario.IdleAsync();
        scenario.App.ReceivedAt("/hooks/created").Count().ShouldBe(1);

        // ... and at 2 s it is sent again.
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await scenario.IdleAsync();
        scenario.App.ReceivedAt("/hooks/created").Count().ShouldBe(2);
        var attempts = (await scenario.DeliveriesAsync()).Single()!["attempts"]!.AsArray();
        (DateTimeOffset.Parse(attempts[1]!["startedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(attempts[0]!["startedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))
            .ShouldBe(TimeSpan.FromSeconds(2));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task DeliveriesAreDeadLetteredAfterMaxAttemptsAndRedeliverStartsANewCycle(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook());
        scenario.App.DeliveryStatus = _ => 503;
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());

        var dead = (await scenario.WaitForSettledAsync(1)).Single()!;
        dead["status"]!.GetValue<string>().ShouldBe("dead");
        dead["attemptCount"]!.GetValue<int>().ShouldBe(3);
        dead["lastError"]!.GetValue<string>().ShouldContain("gave up after 3 attempts");
        scenario.App.ReceivedAt("/hooks/created").Count().ShouldBe(3);
        (await scenario.DeliveriesAsync("?status=dead")).Count.ShouldBe(1);

        scenario.App.DeliveryStatus = _ => 200;
        var id = dead["id"]!.GetValue<long>();
        (await scenario.Host.Operator.PostAsync($"api/v1/deliveries/{id}/redeliver", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var redelivered = (await scenario.WaitForSettledAsync(1)).Single()!;
        redelivered["status"]!.GetValue<string>().ShouldBe("succeeded");
        redelivered["attempts"]!.AsArray().Count.ShouldBe(4);
        scenario.App.ReceivedAt("/hooks/created").Select(r => r.Headers["webhook-id"]).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task NonRetryableAnswersFailAtOnce()
    {
        await using var scenario = await EventScenario.StartAsync("sqlite", OneWebhook());
        scenario.App.DeliveryStatus = _ => 400;
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        var failed = (await scenario.WaitForSettledAsync(1)).Single()!;
        failed["status"]!.GetValue<string>().ShouldBe("failed");
        failed["lastStatusCode"]!.GetValue<int>().ShouldBe(400);
        scenario.App.ReceivedAt("/hooks/created").Count().ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ReplayRequeuesFailedAndDeadDeliveriesOfATimeWindow(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook());
        scenario.App.DeliveryStatus = _ => 500;
        var from = scenario.Clock!.GetUtcNow().AddSeconds(-1);
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        (await scenario.WaitForSettledAsync(2)).ShouldAllBe(d => d!["status"]!.GetValue<string>() == "dead");

        scenario.App.DeliveryStatus = _ => 200;
        var replay = await scenario.Host.Operator.PostAsJsonAsync($"api/v1/tenants/{scenario.Tenant}/deliveries/replay",
            new { from = from.ToString("O"), to = scenario.Clock.GetUtcNow().AddSeconds(1).ToUnixTimeMilliseconds() });
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.Content.ReadFromJsonAsync<JsonObject>())!["count"]!.GetValue<int>().ShouldBe(2);
        (await scenario.WaitForSettledAsync(2)).ShouldAllBe(d => d!["status"]!.GetValue<string>() == "succeeded");

        var bad = await scenario.Host.Operator.PostAsJsonAsync($"api/v1/tenants/{scenario.Tenant}/deliveries/replay", new { from = "yesterday", status = "pending" });
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.ContainsKey("from").ShouldBeTrue();
        errors.ContainsKey("to").ShouldBeTrue();
        errors.ContainsKey("status").ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ADeliveryWaitingForItsRetrySurvivesARestart(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook());
        scenario.App.DeliveryStatus = _ => 503;
        scenario.App.DeliveryHeaders = _ => new Dictionary<string, string> { ["Retry-After"] = "1" };
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        await scenario.WaitForRequestsAsync("/hooks/created", 1);

        await scenario.RestartAsync();
        scenario.App.DeliveryStatus = _ => 200;
        var delivered = (await scenario.WaitForSettledAsync(1)).Single()!;
        delivered["status"]!.GetValue<string>().ShouldBe("succeeded");
        var requests = scenario.App.ReceivedAt("/hooks/created").ToList();
        requests.Count.ShouldBeGreaterThanOrEqualTo(2);
        requests.Select(r => r.Headers["webhook-id"]).Distinct().Count().ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task NothingIsSentOutsideTheAppBaseUrl(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook("/hooks/{issue.key}"));

        // A template value that would climb out of the base path is refused; an escaped one stays inside.
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(key: ".."));
        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload(key: "../../evil"));
        var deliveries = await scenario.WaitForSettledAsync(2);
        var refused = deliveries.Single(d => d!["status"]!.GetValue<string>() == "dead")!;
        refused["lastError"]!.GetValue<string>().ShouldContain("refused");
        refused["attempts"]!.AsArray().ShouldBeEmpty();
        var sent = scenario.App.Received.Where(r => r.Path.StartsWith("/hooks/", StringComparison.Ordinal)).ToList();
        sent.ShouldHaveSingleItem().RawPath.ShouldBe(FakeConnectApp.BasePath + "/hooks/..%2F..%2Fevil");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TenantsSeeAndRecoverOnlyTheirOwnDeliveries(string engine)
    {
        await using var scenario = await EventScenario.StartAsync(engine, OneWebhook());
        var other = (await scenario.Host.CreateTenantAsync())["key"]!.GetValue<string>();
        await scenario.InstallAsync(other);
        scenario.App.DeliveryStatus = _ => 400;

        await scenario.PublishOkAsync("avi:jira:created:issue", EventScenario.IssuePayload());
        var mine = (await scenario.WaitForSettledAsync(1)).Single()!;
        (await scenario.DeliveriesAsync(tenant: other)).ShouldBeEmpty();

        var tokens = scenario.Host.App.Services.GetRequiredService<AdminSessionTokens>();
        using var otherAdmin = new HttpClient { BaseAddress = new Uri(scenario.Host.BaseUrl + "/") };
        otherAdmin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Mint(other, TimeSpan.FromMinutes(5)).Token);
        (await otherAdmin.GetAsync($"api/v1/tenants/{scenario.Tenant}/deliveries")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherAdmin.PostAsync($"api/v1/deliveries/{mine["id"]}/redeliver", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherAdmin.PostAsJsonAsync($"api/v1/tenants/{scenario.Tenant}/deliveries/replay", new { from = 0, to = 9_999_999_999_999 }))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherAdmin.GetAsync($"api/v1/tenants/{scenario.Tenant}/apps/{scenario.App.Key}/signing-secret")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await otherAdmin.GetAsync($"api/v1/tenants/{other}/deliveries")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ownReplay = await otherAdmin.PostAsJsonAsync($"api/v1/tenants/{other}/deliveries/replay", new { from = 0, to = 9_999_999_999_999 });
        (await ownReplay.Content.ReadFromJsonAsync<JsonObject>())!["count"]!.GetValue<int>().ShouldBe(0);

        var mineAdmin = new AuthenticationHeaderValue("Bearer", tokens.Mint(scenario.Tenant, TimeSpan.FromMinutes(5)).Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/deliveries/{mine["id"]}/redeliver") { Headers = { Authorization = mineAdmin } };
        (await otherAdmin.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Theory]
    [InlineData("00:00:02", "00:00:01", "DynamicModules:Delivery:Lease")]
    [InlineData("00:00:10", "00:00:02", "DynamicModules:Delivery:PollInterval", "00:00:20")]
    public async Task AConfigurationThatCouldOverlapSendsFailsStartUpNamingTheSetting(string lease, string timeout, string named, string? poll = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["DynamicModules:Delivery:Lease"] = lease,
            ["DynamicModules:Delivery:Timeout"] = timeout,
            ["DynamicModules:Delivery:PollInterval"] = poll ?? "00:00:01",
        };
        var failure = await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => ServiceHost.StartAsync(settings: settings));
        failure.Message.ShouldContain(named);
    }

    /// <summary>Verifies the Standard Webhooks headers as a receiver would (spec v1, HMAC-SHA256).</summary>
    private static bool VerifyStandardWebhook(ReceivedRequest request, string secret)
    {
        var id = request.Headers["webhook-id"];
        var timestamp = long.Parse(request.Headers["webhook-timestamp"], System.Globalization.CultureInfo.InvariantCulture);
        if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) > 300)
        {
            return false;
        }

        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{request.Text}")));
        return request.Headers["webhook-signature"].Split(' ')
            .Any(signature => signature.StartsWith("v1,", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature[3..]), Encoding.ASCII.GetBytes(expected)));
    }
}
