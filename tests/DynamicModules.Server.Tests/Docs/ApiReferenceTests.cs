using System.Net;
using System.Text.RegularExpressions;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Docs;

/// <summary><c>/docs</c> serves the API reference from the service itself, and <c>/</c> leads to the admin page.</summary>
public sealed partial class ApiReferenceTests : IAsyncLifetime
{
    private ServiceHost _host = null!;
    private HttpClient _raw = null!;

    public async ValueTask InitializeAsync()
    {
        _host = await ServiceHost.StartAsync();
        _raw = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_host.BaseUrl + "/") };
    }

    public async ValueTask DisposeAsync()
    {
        _raw.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task RootRedirectsToTheAdminPage()
    {
        using var response = await _raw.GetAsync("/");

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        response.Headers.Location!.OriginalString.ShouldBe("/admin");
    }

    [Fact]
    public async Task DocsServesAPageWhoseScriptsComeFromTheServiceAndThatReadsOurDocument()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_host.BaseUrl + "/") };
        using var response = await client.GetAsync("docs");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldContain("openapi/v1.json");
        var sources = ScriptSource().Matches(html).Select(match => match.Groups[1].Value).ToList();
        sources.ShouldNotBeEmpty();
        sources.ShouldAllBe(source => !source.StartsWith("http", StringComparison.Ordinal) && !source.StartsWith("//", StringComparison.Ordinal));
        foreach (var source in sources)
        {
            using var script = await client.GetAsync(new Uri(response.RequestMessage!.RequestUri!, source));
            script.StatusCode.ShouldBe(HttpStatusCode.OK, $"script {source}");
        }
    }

    [GeneratedRegex("<script[^>]*\\ssrc=\"([^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex ScriptSource();
}
