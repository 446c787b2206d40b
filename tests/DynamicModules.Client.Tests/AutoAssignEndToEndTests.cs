using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Protocol.Connect;
using DynamicModules.Protocol.Jose;
using DynamicModules.Protocol.Webhooks;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Client.Tests;

/// <summary>
/// The sample end to end, as the README's quickstart runs it: the real service installs it into a tenant (signed install
/// verified against /connect-keys), a rule registers its trigger, published events are delivered, verified and recorded
/// once per event id, and forged deliveries are refused.
/// </summary>
public sealed class AutoAssignEndToEndTests
{
    private static readonly Dictionary<string, string> FastDelivery = new()
    {
        ["DynamicModules:Delivery:BaseRetryDelay"] = "00:00:00.050",
        ["DynamicModules:Delivery:MaxRetryDelay"] = "00:00:00.200",
        ["DynamicModules:Delivery:PollInterval"] = "00:00:00.050",
        ["DynamicModules:Delivery:MaxAttempts"] = "3",
    };

    // A guard against a hang, not a delay: the loops below end as soon as the state is reached.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    private static JsonObject Issue(string key, string project, string priority) => new()
    {
        ["issue"] = new JsonObject
        {
            ["id"] = "10001",
            ["key"] = key,
            ["fields"] = new JsonObject
            {
                ["summary"] = "Something broke",
                ["project"] = new JsonObject { ["key"] = project },
                ["priority"] = new JsonObject { ["name"] = priority },
            },
        },
    };

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ARuleAssignsEachMatchingEventOnceAndForgedDeliveriesAreRefused(string engine)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await ServiceHost.StartAsync(engine, FastDelivery);
        await using var sample = await AutoAssignSample.StartAsync(host.BaseUrl);
        var tenant = await host.CreateTenantAsync();
        var tenantKey = tenant["key"]!.GetValue<string>();
        var clientKey = tenant["clientKey"]!.GetValue<string>();

        var install = await host.Operator.PostAsJsonAsync(
            $"api/v1/tenants/{tenantKey}/apps", new { descriptorUrl = sample.BaseUrl + "/atlassian-connect.json" }, ct);
        install.IsSuccessStatusCode.ShouldBeTrue(await install.Content.ReadAsStringAsync(ct));

        var rule = await sample.Http.PostAsJsonAsync("rules", new { clientKey, projectKey = "PROJ", priority = "High", assignee = "alice" }, ct);
        rule.StatusCode.ShouldBe(HttpStatusCode.Created, await rule.Content.ReadAsStringAsync(ct));
        var moduleKey = (await rule.Content.ReadFromJsonAsync<JsonObject>(ct))!["moduleKey"]!.GetValue<string>();

        // The trigger is in the tenant, with both events and the filter on project and priority.
        var modules = await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{tenantKey}/modules?type=trigger", ct);
        modules!.ToJsonString().ShouldContain(moduleKey);
        modules.ToJsonString().ShouldContain("event.issue.fields.priority.name");

        // The same event id published twice is one event; another project's or priority's events do not match.
        var eventId = "evt-" + Guid.NewGuid().ToString("N");
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var published = await host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenantKey}/events",
                new JsonObject { ["id"] = eventId, ["type"] = "avi:jira:created:issue", ["payload"] = Issue("PROJ-7", "PROJ", "High") }, ct);
            published.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        await host.Operator.PostAsJsonAsync($"api/v1/tenants/{tenantKey}/events",
            new JsonObject { ["id"] = "evt-low", ["type"] = "avi:jira:updated:issue", ["payload"] = Issue("PROJ-8", "PROJ", "Low") }, ct);

        var delivery = await SettledDeliveryAsync(host, tenantKey, attempts: 1, ct);
        var assignments = await sample.AssignmentsAsync(clientKey);
        assignments.Count.ShouldBe(1);
        assignments[0]!["eventId"]!.GetValue<string>().ShouldBe(eventId);
        assignments[0]!["issueKey"]!.GetValue<string>().ShouldBe("PROJ-7");
        assignments[0]!["assignee"]!.GetValue<string>().ShouldBe("alice");

        // Delivered again (at-least-once): still one assignment for the event id.
        (await host.Operator.PostAsync($"api/v1/deliveries/{delivery}/redeliver", null, ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await SettledDeliveryAsync(host, tenantKey, attempts: 2, ct);
        (await sample.AssignmentsAsync(clientKey)).Count.ShouldBe(1);

        // Forged deliveries: unsigned, signed with a guessed secret, a valid-looking JWT without a matching webhook signature.
        foreach (var forged in ForgedDeliveries(sample.BaseUrl, clientKey, moduleKey))
        {
            using var response = await sample.Http.SendAsync(forged, ct);
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await sample.AssignmentsAsync(clientKey)).Count.ShouldBe(1);

        // Removing the rule removes the trigger from the tenant.
        (await sample.Http.DeleteAsync($"rules/{moduleKey}?clientKey={Uri.EscapeDataString(clientKey)}", ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await host.Operator.GetStringAsync($"api/v1/tenants/{tenantKey}/modules?type=trigger", ct)).ShouldNotContain(moduleKey);
        (await sample.Http.DeleteAsync($"rules/{moduleKey}?clientKey={Uri.EscapeDataString(clientKey)}", ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ItRefusesRulesItCannotRegister()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var sample = await AutoAssignSample.StartAsync("http://127.0.0.1:9");
        (await sample.Http.PostAsJsonAsync("rules", new { clientKey = "x", projectKey = "P' || true || '", priority = "High", assignee = "a" }, ct))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await sample.Http.PostAsJsonAsync("rules", new { clientKey = "not-installed", projectKey = "PROJ", priority = "High", assignee = "a" }, ct))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await sample.Http.GetAsync("assignments", ct)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // An install nobody signed is refused and stores nothing.
        using var install = new HttpRequestMessage(HttpMethod.Post, "installed")
        {
            Content = JsonContent.Create(new { key = "auto-assign", clientKey = "x", sharedSecret = "s", baseUrl = "http://127.0.0.1:9/t/x" }),
        };
        (await sample.Http.SendAsync(install, ct)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await sample.Http.PostAsJsonAsync("rules", new { clientKey = "x", projectKey = "PROJ", priority = "High", assignee = "a" }, ct))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private static IEnumerable<HttpRequestMessage> ForgedDeliveries(string baseUrl, string clientKey, string moduleKey)
    {
        var body = new JsonObject
        {
            ["eventType"] = "avi:jira:created:issue",
            ["issue"] = Issue("PROJ-666", "PROJ", "High")["issue"]!.DeepClone(),
            ["context"] = new JsonObject { ["clientKey"] = clientKey, ["moduleKey"] = moduleKey, ["eventId"] = "forged" },
        }.ToJsonString();
        var now = DateTimeOffset.UtcNow;
        var claims = new JsonObject
        {
            ["iss"] = clientKey,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddMinutes(1).ToUnixTimeSeconds(),
            ["qsh"] = QueryStringHash.Compute("POST", "/events/issue", null),
        };
        var guessedSecret = StandardWebhookSignature.NewSecret();
        foreach (var authorization in (string?[])[null, JwtSigner.SignHs256(claims, "guessed-shared-secret")])
        {
            var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + "/events/issue") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", "msg_forged");
            request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign(guessedSecret, "msg_forged", now.ToUnixTimeSeconds(), body));
            if (authorization is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("JWT", authorization);
            }

            yield return request;
        }
    }

    /// <summary>Waits until the tenant's one delivery has settled as succeeded after <paramref name="attempts"/> attempts; returns its id.</summary>
    private static async Task<long> SettledDeliveryAsync(ServiceHost host, string tenantKey, int attempts, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + Guard;
        while (true)
        {
            var list = await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{tenantKey}/deliveries", ct);
            var deliveries = list!["deliveries"]!.AsArray();
            if (deliveries.Count == 1 && deliveries[0]!["status"]!.GetValue<string>() == "succeeded"
                && deliveries[0]!["attempts"]!.AsArray().Count == attempts)
            {
                return deliveries[0]!["id"]!.GetValue<long>();
            }

            deliveries.Count.ShouldBeLessThanOrEqualTo(1, list.ToJsonString());
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException("The delivery did not settle: " + list.ToJsonString());
            }

            await Task.Delay(50, ct);
        }
    }
}
