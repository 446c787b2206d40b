using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace DynamicModules.Client.Tests;

/// <summary>The AutoAssign sample on a random loopback port, trusting the given service.</summary>
internal sealed class AutoAssignSample : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AutoAssignSample(WebApplication app)
    {
        _app = app;
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl + "/") };
    }

    public string BaseUrl { get; }

    public HttpClient Http { get; }

    public static async Task<AutoAssignSample> StartAsync(string serviceUrl)
    {
        var app = AutoAssign.AutoAssignApp.Build(
            ["--urls=http://127.0.0.1:0", $"--AutoAssign:ServiceUrl={serviceUrl}", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        return new AutoAssignSample(app);
    }

    public async Task<JsonArray> AssignmentsAsync(string clientKey) =>
        (await Http.GetFromJsonAsync<JsonArray>($"assignments?clientKey={Uri.EscapeDataString(clientKey)}"))!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
