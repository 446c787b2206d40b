using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Modules;

public sealed class ChangeFeedTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private ServiceHost _host = null!;
    private FakeConnectApp _app = null!;
    private string _tenant = null!;

    public async ValueTask InitializeAsync()
    {
        // Polling far slower than the test's waits: live events must come from the commit wake-up.
        _host = await ServiceHost.StartAsync(settings: new Dictionary<string, string>
        {
            ["DynamicModules:ModuleRead:ChangeFeedPollInterval"] = "00:01:00",
            ["DynamicModules:ModuleRead:ChangeFeedKeepAlive"] = "00:00:01",
        });
        _app = await FakeConnectApp.StartAsync();
        _app.KeyServer = _host.BaseUrl;
        _tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _host.DisposeAsync();
    }

    private async Task<(HttpResponseMessage Response, ServerSentEventReader Reader)> OpenAsync(string query = "", string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/tenants/{_tenant}/changes{query}");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await _host.Operator.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        return (response, new ServerSentEventReader(await response.Content.ReadAsStreamAsync()));
    }

    private async Task InstallAsync() =>
        (await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/apps", new { descriptorUrl = _app.BaseUrl + "/atlassian-connect.json" }))
            .EnsureSuccessStatusCode();

    private static JsonObject Data(ServerSentEvent e) => JsonNode.Parse(e.Data)!.AsObject();

    [Fact]
    public async Task FeedSendsHistoryThenLiveChangesEachOnce()
    {
        await InstallAsync();
        await DynamicModuleSeeder.RegisterConnectAsync(_host, _tenant, _app, new JsonObject
        {
            ["webItems"] = new JsonArray(DynamicModuleSeeder.WebItem("dyn-1")),
        });

        var (response, reader) = await OpenAsync("?after=0");
        using (response)
        using (reader)
        {
            var install = await reader.NextAsync(Wait);
            install.Event.ShouldBe("module-change");
            install.Id.ShouldBe("1");
            Data(install)["operation"]!.GetValue<string>().ShouldBe("app.install");
            Data(install)["appKey"]!.GetValue<string>().ShouldBe(_app.Key);
            Data(install)["version"]!.GetValue<long>().ShouldBe(1);
            Data(install)["time"].ShouldNotBeNull();

            var register = await reader.NextAsync(Wait);
            register.Id.ShouldBe("2");
            Data(register)["operation"]!.GetValue<string>().ShouldBe("module.register");
            Data(register)["moduleKeys"]!.AsArray().Select(k => k!.GetValue<string>()).ShouldBe(["dyn-1"]);

            (await _host.Operator.DeleteAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/modules/dyn-1")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            (await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/disable", null)).EnsureSuccessStatusCode();

            var delete = await reader.NextAsync(Wait);
            delete.Id.ShouldBe("3");
            Data(delete)["operation"]!.GetValue<string>().ShouldBe("module.delete");
            var disable = await reader.NextAsync(Wait);
            disable.Id.ShouldBe("4");
            Data(disable)["operation"]!.GetValue<string>().ShouldBe("app.disable");

            // Nothing else comes: only keep-alive comments.
            var quiet = await Record.ExceptionAsync(() => reader.NextAsync(TimeSpan.FromSeconds(2.5)));
            quiet.ShouldBeAssignableTo<OperationCanceledException>();
            reader.Comments.ShouldContain("keep-alive");
        }
    }

    [Fact]
    public async Task FeedResumesAfterLastEventIdWhichWinsOverAfter()
    {
        await InstallAsync();
        (await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/disable", null)).EnsureSuccessStatusCode();
        (await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/enable", null)).EnsureSuccessStatusCode();

        var (response, reader) = await OpenAsync("?after=0", lastEventId: "2");
        using (response)
        using (reader)
        {
            var next = await reader.NextAsync(Wait);
            next.Id.ShouldBe("3");
            Data(next)["operation"]!.GetValue<string>().ShouldBe("app.enable");
            await InstallAsync();
            (await reader.NextAsync(Wait)).Id.ShouldBe("4");
        }
    }

    [Fact]
    public async Task FeedWithoutCursorStartsAtTheCurrentVersion()
    {
        await InstallAsync();
        var (response, reader) = await OpenAsync();
        using (response)
        using (reader)
        {
            (await _host.Operator.PostAsync($"api/v1/tenants/{_tenant}/apps/{_app.Key}/disable", null)).EnsureSuccessStatusCode();
            var first = await reader.NextAsync(Wait);
            first.Id.ShouldBe("2");
        }
    }

    [Fact]
    public async Task FeedRefusesABadCursorAndUnknownTenants()
    {
        (await _host.Operator.GetAsync($"api/v1/tenants/{_tenant}/changes?after=abc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/tenants/{_tenant}/changes");
        request.Headers.Add("Last-Event-ID", "-1");
        (await _host.Operator.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await _host.Operator.GetAsync("api/v1/tenants/nobody-here/changes")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
