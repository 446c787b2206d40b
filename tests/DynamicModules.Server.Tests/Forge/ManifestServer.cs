namespace DynamicModules.Server.Tests.Forge;

/// <summary>Serves a Forge manifest's text at <c>/manifest.yml</c> on a loopback port, as a developer's server would.</summary>
public sealed class ManifestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ManifestServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public string ManifestUrl => BaseUrl + "/manifest.yml";

    /// <summary>The text served; tests change it.</summary>
    public string Text { get; set; } = "";

    public static async Task<ManifestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        ManifestServer? self = null;
        app.MapGet("/manifest.yml", () => Results.Text(self!.Text, "text/yaml"));
        await app.StartAsync();
        self = new ManifestServer(app, app.Urls.First().TrimEnd('/'));
        return self;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
