using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Events;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Migration;

/// <summary>
/// A Connect app with dynamic modules, upgraded to a Forge manifest that adopts it (<c>app.connect.key</c>, its remote the
/// app's base URL): the starting point of the migration tests. Built on <see cref="EventScenario"/> (fake clock, real
/// receiver, both engines).
/// </summary>
internal sealed class MigrationScenario : IAsyncDisposable
{
    /// <summary>Where the dynamic webhook delivers, relative to the app's base URL.</summary>
    public const string HookPath = "/hooks/issue-updated";

    private MigrationScenario(EventScenario events, string appId)
    {
        Events = events;
        AppId = appId;
    }

    public EventScenario Events { get; }

    /// <summary>The Forge app id of the adopting manifest.</summary>
    public string AppId { get; }

    public ServiceHost Host => Events.Host;

    public string Tenant => Events.Tenant;

    public string AppKey => Events.App.Key;

    public string MigratePath(string? query = null) => $"api/v1/tenants/{Tenant}/apps/{AppKey}/migrate-to-forge{query}";

    /// <summary>The dynamic Connect modules registered before the upgrade: a filtered webhook and a web item.</summary>
    public static JsonObject ConnectModules() => new()
    {
        ["webhooks"] = new JsonArray(EventScenario.Webhook("issue-hook", "jira:issue_updated", HookPath, "project = PROJ")),
        ["webItems"] = new JsonArray(InstalledApp.WebItem("kept-item")),
    };

    /// <summary>
    /// Starts the Connect app, registers <paramref name="dynamicModules"/> (default <see cref="ConnectModules"/>) through the
    /// Connect API and, unless <paramref name="adopt"/> is false, installs the adopting manifest over it.
    /// </summary>
    public static async Task<MigrationScenario> StartAsync(
        string engine, JsonObject? dynamicModules = null, bool adopt = true, bool manifestTriggerAtHook = false)
    {
        var events = await EventScenario.StartAsync(engine, new JsonObject());
        var scenario = new MigrationScenario(events, "ari:cloud:ecosystem::app/" + Guid.NewGuid());
        using (var http = events.AppClient().Http)
        {
            var registered = await http.PostAsJsonAsync(InstalledApp.DynamicPath, dynamicModules ?? ConnectModules());
            registered.IsSuccessStatusCode.ShouldBeTrue(await registered.Content.ReadAsStringAsync());
        }

        if (adopt)
        {
            await scenario.AdoptAsync(manifestTriggerAtHook);
        }

        return scenario;
    }

    /// <summary>Installs the Forge manifest adopting the Connect app; with <paramref name="triggerAtHook"/> it declares a trigger at <see cref="HookPath"/>.</summary>
    public async Task AdoptAsync(bool triggerAtHook = false)
    {
        var response = await Host.Operator.PostAsJsonAsync($"api/v1/tenants/{Tenant}/apps", new { manifest = Manifest(triggerAtHook) });
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The adopting manifest: a trigger on created issues at an endpoint asking for an app system token.</summary>
    public string Manifest(bool triggerAtHook) => $"""
        app:
          id: {AppId}
          connect:
            key: {AppKey}
            remote: backend
        modules:
          trigger:
            - key: on-created
              events:
                - avi:jira:created:issue
              endpoint: on-event
        {(triggerAtHook ? "    - key: on-updated\n      events:\n        - avi:jira:updated:issue\n      endpoint: hooks\n" : "")}  endpoint:
            - key: on-event
              remote: backend
              route:
                path: /forge/events
              auth:
                appSystemToken:
                  enabled: true
        {(triggerAtHook ? $"    - key: hooks\n      remote: backend\n      route:\n        path: {HookPath}\n" : "")}remotes:
          - key: backend
            baseUrl: {Events.App.BaseUrl}
        permissions:
          scopes:
            - read:jira-work
            - write:jira-work
        """;

    public async Task<HttpResponseMessage> MigrateAsync(string? query = null) => await Host.Operator.PostAsync(MigratePath(query), null);

    /// <summary>Migrates and expects 200; returns the answer.</summary>
    public async Task<JsonObject> MigrateOkAsync(bool? dryRun)
    {
        var response = await MigrateAsync(dryRun is null ? null : $"?dryRun={(dryRun.Value ? "true" : "false")}");
        var text = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(200, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    public static JsonObject Entry(JsonObject answer, string key) =>
        answer["modules"]!.AsArray().Single(m => m!["key"]!.GetValue<string>() == key)!.AsObject();

    /// <summary>The operator's module read of the app: (ETag, modules).</summary>
    public async Task<(string ETag, JsonArray Modules)> ReadModulesAsync()
    {
        using var response = await Host.Operator.GetAsync($"api/v1/tenants/{Tenant}/modules?app={AppKey}");
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (response.Headers.ETag!.Tag, body["modules"]!.AsArray());
    }

    public async Task<JsonArray> AuditAsync() =>
        (await Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{Tenant}/audit?app={AppKey}"))!["records"]!.AsArray();

    public async Task<long> ModuleVersionAsync() =>
        (await Host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{Tenant}"))!["moduleVersion"]!.GetValue<long>();

    /// <summary>The Connect API's list of the app's dynamic modules, signed with its Connect JWT: type → keys.</summary>
    public async Task<Dictionary<string, string[]>> ConnectListAsync()
    {
        using var http = Events.AppClient().Http;
        var listed = (await http.GetFromJsonAsync<JsonObject>(InstalledApp.DynamicPath))!;
        return listed.ToDictionary(pair => pair.Key, pair => pair.Value!.AsArray().Select(m => m!["key"]!.GetValue<string>()).ToArray());
    }

    public ValueTask DisposeAsync() => Events.DisposeAsync();
}
