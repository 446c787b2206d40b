using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Hostile;

/// <summary>Every way an app server can botch its descriptor answers a 422 whose detail names the URL and the failure.</summary>
public sealed class DocumentFetchFailureTests : IAsyncLifetime
{
    private ServiceHost _host = null!;
    private HostileDocumentServer _server = null!;
    private string _tenant = null!;

    public async ValueTask InitializeAsync()
    {
        // A one-second deadline keeps the slow-drip case short; the deadline is the service's, not a test sleep.
        _host = await ServiceHost.StartAsync(settings: new Dictionary<string, string> { ["DynamicModules:LifecycleTimeout"] = "00:00:01" });
        _server = new HostileDocumentServer();
        _tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await _host.DisposeAsync();
    }

    [Theory]
    [InlineData("/early-close", "broke off")]
    [InlineData("/redirect", "redirects are not followed")]
    [InlineData("/announced-huge", "the limit is 1048576 bytes")]
    [InlineData("/endless", "more than 1048576 bytes")]
    [InlineData("/drip", "within 1 s")]
    [InlineData("/not-utf8", "not UTF-8")]
    [InlineData("/two-keys", "more than once")]
    [InlineData("/missing", "HTTP 404")]
    public async Task ABrokenDescriptorAnswerIsA422NamingTheUrl(string path, string expected)
    {
        var url = _server.BaseUrl + path;
        var response = await _host.Operator.PostAsJsonAsync($"api/v1/tenants/{_tenant}/apps", new JsonObject { ["descriptorUrl"] = url });
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var detail = (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>();
        detail.ShouldContain(url);
        detail.ShouldContain(expected);
        (await _host.Operator.GetFromJsonAsync<JsonArray>($"api/v1/tenants/{_tenant}/apps"))!.Count.ShouldBe(0);
    }
}
