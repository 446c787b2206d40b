using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Modules;

/// <summary>
/// The render-time read with a viewing context (DESIGN §4.8), through HTTP on both engines: visibility dimensions,
/// roles, the operator's override, conditions decided or passed on, failing jira_expression conditions and ETags.
/// </summary>
public sealed class ModuleVisibilityTests
{
    private const string Admin = "product-admin";

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task EveryDimensionAloneAndCombinedMustMatch(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);
        await RegisterAsync(app,
            Item("open"),
            Item("by-role", new JsonObject { ["roles"] = Strings("developers") }),
            Item("by-user", new JsonObject { ["users"] = Strings("u-alice") }),
            Item("by-project", new JsonObject { ["projects"] = Strings("PRJ", "OTHER") }),
            Item("by-space", new JsonObject { ["spaces"] = Strings("SPC") }),
            Item("combined", new JsonObject { ["roles"] = Strings("developers"), ["projects"] = Strings("PRJ"), ["users"] = new JsonArray() }));
        await SetRolesAsync(host, app.TenantKey, "u-alice", "developers");
        await SetRolesAsync(host, app.TenantKey, "u-carol", "testers");

        (await DynamicKeysAsync(host, app.TenantKey, "")).ShouldBe(["open", "by-role", "by-user", "by-project", "by-space", "combined"]);
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-alice")).ShouldBe(["open", "by-role", "by-user"]);
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-alice&project=PRJ")).ShouldBe(["open", "by-role", "by-user", "by-project", "combined"]);
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-alice&project=OTHER")).ShouldBe(["open", "by-role", "by-user", "by-project"]);
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-carol&project=PRJ")).ShouldBe(["open", "by-project"]);
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-nobody")).ShouldBe(["open"]);
        (await DynamicKeysAsync(host, app.TenantKey, "?project=PRJ")).ShouldBe(["open", "by-project"]);
        (await DynamicKeysAsync(host, app.TenantKey, "?space=SPC")).ShouldBe(["open", "by-space"]);
        (await DynamicKeysAsync(host, app.TenantKey, "?space=spc")).ShouldBe(["open"]);
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-alice&project=PRJ&space=SPC")).ShouldBe(["open", "by-role", "by-user", "by-project", "by-space", "combined"]);
        // Empty parameters are not given: the read without a context.
        (await DynamicKeysAsync(host, app.TenantKey, "?user=&project=&space=")).Count.ShouldBe(6);
        // Filters and context combine.
        (await DynamicKeysAsync(host, app.TenantKey, $"?app={app.App.Key}&type=webItems&location=system.admin&user=u-alice")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ARoleChangeIsSeenByTheNextRead(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);
        await RegisterAsync(app,
            Item("for-devs", new JsonObject { ["roles"] = Strings("developers") }),
            Item("for-admins", conditions: [new JsonObject { ["condition"] = "user_is_admin" }]));

        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-bob")).ShouldBeEmpty();
        var (_, before) = await ReadAsync(host, app.TenantKey, "?user=u-bob");

        await SetRolesAsync(host, app.TenantKey, "u-bob", "developers");
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-bob")).ShouldBe(["for-devs"]);
        var (_, granted) = await ReadAsync(host, app.TenantKey, "?user=u-bob");
        granted.ShouldNotBe(before);

        await SetRolesAsync(host, app.TenantKey, "u-bob", Admin);
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-bob")).ShouldBe(["for-admins"]);

        await SetRolesAsync(host, app.TenantKey, "u-bob");
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-bob")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TheOperatorOverrideReplacesTheModulesOwnVisibilityAndIsAuditedAndAnnounced(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);
        var tenant = app.TenantKey;
        await RegisterAsync(app, Item("dyn", new JsonObject { ["users"] = Strings("u-alice") }));
        var path = $"api/v1/tenants/{tenant}/modules/{app.App.Key}";

        (await host.Operator.GetFromJsonAsync<JsonObject>($"{path}/dyn/visibility"))!["override"].ShouldBeNull();
        (await DynamicKeysAsync(host, tenant, "?user=u-bob")).ShouldBeEmpty();
        (await StaticKeysAsync(host, tenant, "?user=u-bob")).ShouldBe(["static-item"]);
        var version = await VersionAsync(host, tenant);

        var set = await host.Operator.PutAsJsonAsync($"{path}/dyn/visibility", new JsonObject { ["users"] = Strings("u-bob") });
        set.StatusCode.ShouldBe(HttpStatusCode.OK, await set.Content.ReadAsStringAsync());
        (await set.Content.ReadFromJsonAsync<JsonObject>())!["override"]!["users"]!.AsArray().Select(u => u!.GetValue<string>()).ShouldBe(["u-bob"]);
        (await host.Operator.PutAsJsonAsync($"{path}/static-item/visibility", new JsonObject { ["projects"] = Strings("PRJ") })).EnsureSuccessStatusCode();

        (await DynamicKeysAsync(host, tenant, "?user=u-bob")).ShouldBe(["dyn"]);
        (await DynamicKeysAsync(host, tenant, "?user=u-alice")).ShouldBeEmpty();
        (await StaticKeysAsync(host, tenant, "?user=u-bob")).ShouldBeEmpty();
        (await StaticKeysAsync(host, tenant, "?user=u-bob&project=PRJ")).ShouldBe(["static-item"]);
        (await host.Operator.GetFromJsonAsync<JsonObject>($"{path}/static-item/visibility"))!["override"]!["projects"]![0]!.GetValue<string>().ShouldBe("PRJ");

        // Each change bumps the version, is in the change feed and in the audit log.
        (await VersionAsync(host, tenant)).ShouldBe(version + 2);
        var audit = (await host.Operator.GetFromJsonAsync<JsonNode>($"api/v1/tenants/{tenant}/audit"))!.ToJsonString();
        audit.ShouldContain("module.visibility");
        var changes = await ChangeFeedAsync(host, tenant, version);
        changes.ShouldContain("\"operation\":\"module.visibility\"");
        changes.ShouldContain("\"moduleKeys\":[\"static-item\"]");

        // Clearing restores the module's own visibility; clearing again changes nothing.
        (await host.Operator.DeleteAsync($"{path}/dyn/visibility")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await DynamicKeysAsync(host, tenant, "?user=u-alice")).ShouldBe(["dyn"]);
        (await host.Operator.DeleteAsync($"{path}/dyn/visibility")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await VersionAsync(host, tenant)).ShouldBe(version + 3);

        // Unknown modules and apps, and bad bodies.
        (await host.Operator.PutAsJsonAsync($"{path}/nope/visibility", new JsonObject())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Operator.PutAsJsonAsync($"api/v1/tenants/{tenant}/modules/no-app/dyn/visibility", new JsonObject())).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await host.Operator.DeleteAsync($"{path}/nope/visibility")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var unknown = await host.Operator.PutAsJsonAsync($"{path}/dyn/visibility", new JsonObject { ["groups"] = Strings("x") });
        unknown.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["groups"].ShouldNotBeNull();
        var wrong = await host.Operator.PutAsJsonAsync($"{path}/dyn/visibility", new JsonObject { ["users"] = new JsonArray("", new string('u', 300)) });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await wrong.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(e => e.Key).ShouldBe(["users[0]", "users[1]"], ignoreOrder: true);
        (await host.Operator.PutAsJsonAsync($"{path}/dyn/visibility", new JsonObject { ["roles"] = 5 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await VersionAsync(host, tenant)).ShouldBe(version + 3);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task RegistrationRefusesABadVisibilityWithEveryPathInBothDialects(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);
        var bad = new JsonObject { ["roles"] = new JsonArray("ok", 7), ["groups"] = Strings("x"), ["spaces"] = "SPC", ["users"] = new JsonArray([.. Enumerable.Range(0, 101).Select(i => (JsonNode)("u-" + i))]) };

        var connect = await app.RegisterAsync(new JsonObject { ["webItems"] = new JsonArray(Item("bad", bad)) });
        connect.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var message = (await connect.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>();
        message.ShouldContain("webItems[0].visibility.roles[1]");
        message.ShouldContain("webItems[0].visibility.groups");
        message.ShouldContain("webItems[0].visibility.spaces");
        message.ShouldContain("webItems[0].visibility.users");

        var forge = await app.Http.PostAsJsonAsync(InstalledApp.ForgePath, new JsonObject { ["type"] = "webItems", ["data"] = Item("bad-forge", bad.DeepClone().AsObject()) });
        forge.StatusCode.ShouldBe((HttpStatusCode)422);
        var forgeText = await forge.Content.ReadAsStringAsync();
        forgeText.ShouldContain("data.visibility.roles[1]");
        forgeText.ShouldContain("data.visibility.groups");

        (await app.RegisterAsync(new JsonObject { ["webItems"] = new JsonArray(Item("not-object", visibility: null, extra: ("visibility", JsonValue.Create("all")))) }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.ListAsync()).Count.ShouldBe(0);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ConditionsTheServiceCanDecideAreDecidedAndTheOthersPassedOnToTheHost(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);
        var permission = new JsonObject { ["condition"] = "has_project_permission", ["params"] = new JsonObject { ["permission"] = "BROWSE" } };
        await RegisterAsync(app,
            Item("logged-in", conditions: [new JsonObject { ["condition"] = "user_is_logged_in" }]),
            Item("not-admin", conditions: [new JsonObject { ["condition"] = "user_is_sysadmin", ["invert"] = true }]),
            Item("mixed", conditions: [new JsonObject { ["condition"] = "user_is_logged_in" }, permission.DeepClone()]),
            Item("or-group", conditions: [new JsonObject { ["or"] = new JsonArray(new JsonObject { ["condition"] = "user_is_admin" }, permission.DeepClone()) }]),
            Item("host-only", conditions: [permission.DeepClone()]));
        var forge = await app.Http.PostAsJsonAsync(InstalledApp.ForgePath, new JsonObject
        {
            ["type"] = "webItems",
            ["data"] = Item("forge", extra: ("displayConditions", new JsonObject { ["isAdmin"] = true, ["issueType"] = "Bug" })),
        });
        forge.StatusCode.ShouldBe(HttpStatusCode.Created);
        var forgeProject = await app.Http.PostAsJsonAsync(InstalledApp.ForgePath, new JsonObject
        {
            ["type"] = "webItems",
            ["data"] = Item("forge-project", extra: ("displayConditions", new JsonObject { ["projectKey"] = new JsonArray("PRJ"), ["not"] = new JsonObject { ["isLoggedIn"] = false } })),
        });
        forgeProject.StatusCode.ShouldBe(HttpStatusCode.Created);
        await SetRolesAsync(host, app.TenantKey, "u-admin", Admin);

        var anonymous = await EntriesAsync(host, app.TenantKey, "?project=PRJ");
        anonymous.Keys.ShouldBe(["not-admin", "host-only", "or-group"], ignoreOrder: true);
        anonymous["or-group"]!.ToJsonString().ShouldBe(new JsonArray(new JsonObject { ["or"] = new JsonArray(permission.DeepClone()) }).ToJsonString());
        anonymous["host-only"]!.ToJsonString().ShouldBe(new JsonArray(permission.DeepClone()).ToJsonString());
        anonymous["not-admin"].ShouldBeNull();

        var user = await EntriesAsync(host, app.TenantKey, "?user=u-someone&project=PRJ");
        user.Keys.ShouldBe(["logged-in", "not-admin", "mixed", "or-group", "host-only", "forge-project"], ignoreOrder: true);
        user["logged-in"].ShouldBeNull();
        user["mixed"]!.ToJsonString().ShouldBe(new JsonArray(permission.DeepClone()).ToJsonString());
        user["forge-project"].ShouldBeNull();

        var admin = await EntriesAsync(host, app.TenantKey, "?user=u-admin");
        admin.Keys.ShouldBe(["logged-in", "mixed", "or-group", "host-only", "forge"], ignoreOrder: true);
        admin["or-group"].ShouldBeNull();
        admin["forge"]!.ToJsonString().ShouldBe("""{"issueType":"Bug"}""");

        // Without a context nothing is decided and nothing is added: the entries are as they always were.
        var (all, _) = await ReadAsync(host, app.TenantKey, "");
        all["modules"]!.AsArray().Count.ShouldBe(8);
        all["modules"]!.AsArray().ShouldAllBe(module => module!["hostConditions"] == null);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task JiraExpressionConditionsAreEvaluatedWithTheContextAndAFailingOneHidesTheModuleAndIsLogged(string engine)
    {
        var logs = new CapturedLogs();
        await using var host = await ServiceHost.StartAsync(engine, configure: builder => builder.Logging.AddProvider(logs));
        await using var app = await InstalledApp.CreateAsync(host);
        var nested = "[0,0,0,0,0,0,0,0,0,0]";
        await RegisterAsync(app,
            Item("alice-in-prj", conditions: [Expression("user != null && user.accountId == 'u-alice' && project.key == 'PRJ'")]),
            Item("space-only", conditions: [Expression("space != null && space.key == 'SPC'")]),
            Item("not-boolean", conditions: [Expression("user.accountId")]),
            Item("over-budget", conditions: [Expression($"{nested}.map(a => {nested}.map(b => {nested}.map(c => {nested}.map(d => {nested}.map(e => 1))))).length == 10")]),
            Item("unknown-variable", conditions: [Expression("issue.fields.summary == 'x'")]));

        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-alice&project=PRJ")).ShouldBe(["alice-in-prj"]);
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-bob&project=PRJ")).ShouldBeEmpty();
        (await DynamicKeysAsync(host, app.TenantKey, "?space=SPC")).ShouldBe(["space-only"]);
        // Without a context the service decides nothing, so every module is served.
        (await DynamicKeysAsync(host, app.TenantKey, "")).Count.ShouldBe(5);

        var failures = logs.Messages.Where(m => m.Contains("is hidden from reads with a viewing context", StringComparison.Ordinal)).ToList();
        failures.ShouldContain(m => m.Contains("/not-boolean", StringComparison.Ordinal) && m.Contains("not a Boolean", StringComparison.Ordinal));
        failures.ShouldContain(m => m.Contains("/over-budget", StringComparison.Ordinal) && m.Contains("budget", StringComparison.Ordinal));
        failures.ShouldContain(m => m.Contains("/unknown-variable", StringComparison.Ordinal) && m.Contains("Unknown identifier 'issue'", StringComparison.Ordinal));
        // Logged once per module and version, not once per read.
        failures.Count(m => m.Contains("/not-boolean", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TheETagCoversTheContextAndIfNoneMatchAnswers304PerContext(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);
        await RegisterAsync(app, Item("for-alice", new JsonObject { ["users"] = Strings("u-alice") }));
        var (bare, bareTag) = await ReadAsync(host, app.TenantKey, "");
        var version = bare["version"]!.GetValue<long>();
        bareTag.ShouldBe($"\"{version}\"");

        var (_, alice) = await ReadAsync(host, app.TenantKey, "?user=u-alice");
        var (_, bob) = await ReadAsync(host, app.TenantKey, "?user=u-bob");
        var (_, aliceInProject) = await ReadAsync(host, app.TenantKey, "?user=u-alice&project=PRJ");
        alice.ShouldStartWith($"\"{version}-");
        new[] { alice, bob, aliceInProject, bareTag }.Distinct().Count().ShouldBe(4);
        (await ReadAsync(host, app.TenantKey, "?user=u-alice")).ETag.ShouldBe(alice);
        // The digest tells apart contexts whose parts run together.
        (await ReadAsync(host, app.TenantKey, "?user=ab&project=c")).ETag.ShouldNotBe((await ReadAsync(host, app.TenantKey, "?user=a&project=bc")).ETag);

        (await ConditionalAsync(host, app.TenantKey, "?user=u-alice", alice)).ShouldBe(HttpStatusCode.NotModified);
        (await ConditionalAsync(host, app.TenantKey, "?user=u-bob", alice)).ShouldBe(HttpStatusCode.OK);
        (await ConditionalAsync(host, app.TenantKey, "", alice)).ShouldBe(HttpStatusCode.OK);
        (await ConditionalAsync(host, app.TenantKey, "?user=u-alice", bareTag)).ShouldBe(HttpStatusCode.OK);
        (await ConditionalAsync(host, app.TenantKey, "", bareTag)).ShouldBe(HttpStatusCode.NotModified);

        // A change invalidates every context's answer.
        await RegisterAsync(app, Item("later"));
        (await ConditionalAsync(host, app.TenantKey, "?user=u-alice", alice)).ShouldBe(HttpStatusCode.OK);
        (await DynamicKeysAsync(host, app.TenantKey, "?user=u-alice")).ShouldBe(["for-alice", "later"]);

        // Hostile context values get a 400 naming the parameter.
        var tooLong = await host.Operator.GetAsync($"api/v1/tenants/{app.TenantKey}/modules?project={new string('p', 300)}");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooLong.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["project"].ShouldNotBeNull();
    }

    internal static JsonObject Item(string key, JsonObject? visibility = null, JsonArray? conditions = null, (string Name, JsonNode Value)? extra = null)
    {
        var item = InstalledApp.WebItem(key);
        if (visibility is not null)
        {
            item["visibility"] = visibility;
        }

        if (conditions is not null)
        {
            item["conditions"] = conditions;
        }

        if (extra is { } member)
        {
            item[member.Name] = member.Value;
        }

        return item;
    }

    internal static JsonArray Strings(params string[] values) => new([.. values.Select(v => (JsonNode)v)]);

    private static JsonObject Expression(string source) =>
        new() { ["condition"] = "jira_expression", ["params"] = new JsonObject { ["expression"] = source } };

    internal static async Task RegisterAsync(InstalledApp app, params JsonObject[] items)
    {
        var response = await app.RegisterAsync(new JsonObject { ["webItems"] = new JsonArray([.. items]) });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    internal static async Task SetRolesAsync(ServiceHost host, string tenant, string user, params string[] roles) =>
        (await host.Operator.PutAsJsonAsync($"api/v1/tenants/{tenant}/users/{user}", new JsonObject { ["roles"] = Strings(roles) })).EnsureSuccessStatusCode();

    internal static async Task<(JsonObject Body, string ETag)> ReadAsync(ServiceHost host, string tenant, string query)
    {
        var response = await host.Operator.GetAsync($"api/v1/tenants/{tenant}/modules{query}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return ((await response.Content.ReadFromJsonAsync<JsonObject>())!, response.Headers.ETag!.Tag);
    }

    internal static async Task<List<string>> DynamicKeysAsync(ServiceHost host, string tenant, string query) =>
        (await ReadAsync(host, tenant, query)).Body["modules"]!.AsArray()
            .Where(m => m!["source"]!.GetValue<string>() == "dynamic").Select(m => m!["key"]!.GetValue<string>()).ToList();

    private static async Task<List<string>> StaticKeysAsync(ServiceHost host, string tenant, string query) =>
        (await ReadAsync(host, tenant, query)).Body["modules"]!.AsArray()
            .Where(m => m!["source"]!.GetValue<string>() == "static").Select(m => m!["key"]!.GetValue<string>()).ToList();

    /// <summary>
    /// The dynamic entries of a read by the key in their URL (<c>/items/{key}</c>: Forge modules get a generated key),
    /// each with its hostConditions.
    /// </summary>
    private static async Task<Dictionary<string, JsonNode?>> EntriesAsync(ServiceHost host, string tenant, string query) =>
        (await ReadAsync(host, tenant, query)).Body["modules"]!.AsArray()
            .Where(m => m!["source"]!.GetValue<string>() == "dynamic")
            .ToDictionary(m => m!["definition"]!["url"]!.GetValue<string>()["/items/".Length..], m => m!["hostConditions"]);

    private static async Task<HttpStatusCode> ConditionalAsync(ServiceHost host, string tenant, string query, string etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/tenants/{tenant}/modules{query}");
        request.Headers.TryAddWithoutValidation("If-None-Match", etag);
        var response = await host.Operator.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            response.Headers.ETag!.Tag.ShouldBe(etag);
        }

        return response.StatusCode;
    }

    private static async Task<long> VersionAsync(ServiceHost host, string tenant) =>
        (await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{tenant}"))!["moduleVersion"]!.GetValue<long>();

    /// <summary>The change feed's events after <paramref name="after"/>, read until the stream has them all.</summary>
    private static async Task<string> ChangeFeedAsync(ServiceHost host, string tenant, long after)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await host.Operator.GetAsync($"api/v1/tenants/{tenant}/changes?after={after}", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        var text = new System.Text.StringBuilder();
        var events = 0;
        while (events < 2 && await reader.ReadLineAsync(cancel.Token) is { } line)
        {
            text.AppendLine(line);
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                events++;
            }
        }

        return text.ToString();
    }

    /// <summary>Every log line the service writes, as text.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public IEnumerable<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
