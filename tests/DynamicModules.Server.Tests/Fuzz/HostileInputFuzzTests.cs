using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Fuzz;

/// <summary>
/// The service's own fuzz test: generated hostile bodies, queries and tokens against every body-reading
/// endpoint over real HTTP, on each engine, from a fixed seed. Asserts no 5xx, an error body on every 4xx,
/// a healthy server afterwards, and that the app's stored modules are exactly those of the accepted requests.
/// DYNMOD_FUZZ_REQUESTS scales the budget (default 2,000 per engine).
/// </summary>
public sealed class HostileInputFuzzTests
{
    private const string Surrogate = "\\ud800";

    private static int Budget =>
        int.TryParse(Environment.GetEnvironmentVariable("DYNMOD_FUZZ_REQUESTS"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 2000;

    // Strings as JSON text (already quoted and escaped): some hostile, some valid keys so that requests get accepted.
    private static readonly Gen<string> JsonString = Gen.OneOf(
        Gen.String[0, 12].Select(text => JsonSerializer.Serialize(text)),
        Gen.Const("\"" + Surrogate + "\""),
        Gen.Const("\"a" + "\\udc00" + "b\""),
        Gen.Int[1, 40].Select(n => JsonSerializer.Serialize("fz-" + n.ToString(CultureInfo.InvariantCulture))),
        Gen.Int[1000, 200_000].Select(n => JsonSerializer.Serialize(new string('x', n))),
        Gen.Const("\"\\u0000\\n\""));

    private static Gen<string> Value(int depth) => depth <= 0
        ? Gen.OneOf(JsonString, Gen.Const("null"), Gen.Const("true"), Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture)), Gen.Const("1e400"))
        : Gen.OneOf(
            Value(0),
            Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]"),
            Gen.Select(Name, Value(depth - 1)).Array[0, 4].Select(members => "{" + string.Join(",", members.Select(m => m.Item1 + ":" + m.Item2)) + "}"));

    private static readonly Gen<string> Name = Gen.OneOf(
        JsonString,
        Gen.Int[0, 15].Select(i => new[] { "\"key\"", "\"type\"", "\"data\"", "\"webItems\"", "\"modules\"", "\"name\"", "\"url\"", "\"location\"",
            "\"productType\"", "\"displayName\"", "\"id\"", "\"payload\"", "\"roles\"", "\"expressions\"", "\"limit\"", "\"descriptor\"" }[i]));

    // A valid web item, sometimes mutated, so the store check has accepted requests to compare with.
    private static readonly Gen<(string Key, string Body)> WebItem = Gen.Select(Gen.Int[1, 40], Gen.Int[0, 5]).Select((n, mutation) =>
    {
        var key = "fz-" + n.ToString(CultureInfo.InvariantCulture);
        var name = mutation == 1 ? Surrogate : "Item " + key;
        var item = $"{{\"key\":\"{key}\",\"location\":\"system.top.navigation.bar\",\"url\":\"/i/{key}\",\"name\":{{\"value\":\"{name}\"}}}}";
        return (key, mutation == 2 ? item.Replace("\"url\"", "\"url\":\"/a\",\"url\"", StringComparison.Ordinal) : item);
    });

    private static readonly Gen<string> Body = Gen.Frequency(
        (4, Value(3)),
        (3, WebItem.Array[1, 3].Select(items => "{\"webItems\":[" + string.Join(",", items.Select(i => i.Body)) + "]}")),
        (2, WebItem.Select(i => "{\"type\":\"webItems\",\"data\":" + i.Body + "}")),
        (1, Gen.Int[60, 300].Select(n => new string('[', n) + new string(']', n))),
        (1, Gen.Const("{\"webItems\":[],\"webItems\":[]}")),
        (1, Gen.Const("not json")));

    private static readonly Gen<string> QueryValue = Gen.OneOf(Gen.Const(""), Gen.Const(","), Gen.Const("%00"), Gen.Const("%ED%A0%80"),
        Gen.Int[1, 40].Select(n => "fz-" + n.ToString(CultureInfo.InvariantCulture)), Gen.String[0, 20].Select(Uri.EscapeDataString), Gen.Const("-1"));

    private static readonly string[] Routes =
    [
        "POST app:dynamic", "GET app:dynamic", "DELETE app:dynamic", "POST app:forge", "GET app:forge", "PUT app:forge/{key}",
        "GET app:forge/{key}", "DELETE app:forge/{key}", "GET app:quota", "POST app:analyse",
        "PUT op:tenants/fz-other", "POST op:{t}/apps", "PUT op:{t}/apps/{app}/quota", "PUT op:{t}/users/u-1", "POST op:{t}/events",
        "POST op:{t}/deliveries/replay", "GET op:{t}/deliveries", "GET op:{t}/modules", "GET op:{t}/audit", "POST op:expressions/analyse",
        "POST op:expressions/evaluate", "POST op:{t}/admin-links", "DELETE op:{t}/apps/{app}/modules/{key}",
    ];

    private sealed record FuzzRequest(string Route, string Body, string Query, string Key, int Token);

    private static readonly Gen<FuzzRequest> Request = Gen.Select(Gen.Int[0, Routes.Length - 1], Body, QueryValue, QueryValue, Gen.Int[0, 9])
        .Select((route, body, query, key, token) => new FuzzRequest(Routes[route], body, query, key, token));

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task HostileRequestsNeverAnswer5xxAndTheStoreHoldsOnlyWhatWasAccepted(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);
        var requests = Request.Array[Budget].Generate(new PCG(7, 20261202UL), null, out _);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var serverErrors = 0;
        var clock = Stopwatch.StartNew();
        foreach (var request in requests)
        {
            var (status, body, accepted) = await SendAsync(host, app, request, expected);
            if (status >= 500)
            {
                serverErrors++;
            }

            if (status >= 500 || (status >= 400 && !HasErrorBody(request.Route, body)))
            {
                failures.Add($"{request.Route} {request.Query} {Shorten(request.Body)} -> {status} {Shorten(body)}");
            }

            accepted?.Invoke();
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{engine}: {requests.Length} requests, {serverErrors} answered 5xx, {clock.Elapsed.TotalSeconds:0.0} s");
        failures.Take(20).ShouldBeEmpty();
        (await host.Anonymous.GetAsync("healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await StoredKeysAsync(app)).ShouldBe(expected.Order(StringComparer.Ordinal).ToArray());
    }

    private static async Task<(int Status, string Body, Action? Accepted)> SendAsync(ServiceHost host, InstalledApp app, FuzzRequest request, HashSet<string> expected)
    {
        var (method, target) = (request.Route.Split(' ')[0], request.Route.Split(' ')[1]);
        var isApp = target.StartsWith("app:", StringComparison.Ordinal);
        var path = target[(target.IndexOf(':') + 1)..]
            .Replace("{t}", "tenants/" + app.TenantKey, StringComparison.Ordinal)
            .Replace("{app}", app.App.Key, StringComparison.Ordinal)
            .Replace("{key}", request.Key.Length == 0 ? "x" : request.Key, StringComparison.Ordinal);
        path = isApp
            ? path.Replace("dynamic", InstalledApp.DynamicPath, StringComparison.Ordinal).Replace("forge", InstalledApp.ForgePath, StringComparison.Ordinal)
                .Replace("quota", "rest/dynamic-modules/1/quota", StringComparison.Ordinal).Replace("analyse", "rest/dynamic-modules/1/expression/analyse", StringComparison.Ordinal)
            : "api/v1/" + path;
        var query = method == "DELETE" && target == "app:dynamic"
            ? (request.Token % 3 == 0 ? "" : "?moduleKey=" + request.Query)
            : "?limit=" + request.Query + "&nextPageToken=" + request.Key + "&status=" + request.Query + "&after=" + request.Key + "&type=" + request.Query + "&app=" + request.Key;
        using var message = new HttpRequestMessage(new HttpMethod(method), path + query);
        if (method is "POST" or "PUT")
        {
            message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
        }

        var client = isApp ? app.Client : null;
        if (client is not null)
        {
            client.EditToken = request.Token switch
            {
                8 => token => token[..^3] + "abc",
                9 => _ => "e30." + Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"iss\":\"" + Surrogate + "\"}")) + ".x",
                _ => null,
            };
        }

        using var response = await (isApp ? app.Http : host.Operator).SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        return (status, text, status is >= 200 and < 300 ? Accept(method, target, request, text, expected) : null);
    }

    // What a 2xx answer changed in the app's modules, applied after the checks.
    private static Action? Accept(string method, string target, FuzzRequest request, string answer, HashSet<string> expected) => (method, target) switch
    {
        ("POST", "app:dynamic") => () => expected.UnionWith(ConnectKeys(request.Body)),
        ("POST", "app:forge") => () => expected.Add(JsonNode.Parse(answer)!["key"]!.GetValue<string>()),
        ("DELETE", "app:dynamic") when request.Token % 3 == 0 => expected.Clear,
        ("DELETE", "app:dynamic") => () => expected.ExceptWith(Uri.UnescapeDataString(request.Query).Split(',', StringSplitOptions.TrimEntries)),
        ("DELETE", "app:forge/{key}") or ("DELETE", "op:{t}/apps/{app}/modules/{key}") => () => expected.Remove(Uri.UnescapeDataString(request.Key)),
        _ => null,
    };

    private static List<string> ConnectKeys(string body)
    {
        var root = JsonNode.Parse(body)!.AsObject();
        var modules = root["modules"] as JsonObject ?? root;
        return modules.SelectMany(type => type.Value!.AsArray().Select(module => module!["key"]!.GetValue<string>())).ToList();
    }

    private static bool HasErrorBody(string route, string body)
    {
        try
        {
            var field = route.Contains("app:", StringComparison.Ordinal) ? "message" : "detail";
            return JsonNode.Parse(body) is JsonObject error && error[field] is JsonValue value && value.GetValue<string>().Length > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<string[]> StoredKeysAsync(InstalledApp app)
    {
        app.Client.EditToken = null;
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = (await app.Http.GetFromJsonAsync<JsonObject>(InstalledApp.ForgePath + "?limit=100" + (token is null ? "" : "&nextPageToken=" + Uri.EscapeDataString(token))))!;
            keys.AddRange(page["modules"]!.AsArray().Select(module => module!["key"]!.GetValue<string>()));
            token = page["nextPageToken"]?.GetValue<string>();
        }
        while (token is not null);

        return keys.Where(key => key != "static-item").Order(StringComparer.Ordinal).ToArray();
    }

    private static string Shorten(string text) => text.Length > 160 ? text[..160] + "…" : text;
}
