using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Docs;

/// <summary>
/// The service's own output with its default log levels (DESIGN §3): requests write nothing, expected failures (an app
/// that is down, a refused token) write one line without a stack trace.
/// </summary>
public sealed partial class QuietLogTests
{
    [Fact]
    public async Task FailingInstallsAndRefusedTokensLogOneLineEachAndNoStackTrace()
    {
        var dataDirectory = TestFolders.Create("dm-quiet-logs");
        try
        {
            await RunAsync(dataDirectory);
        }
        finally
        {
            TestFolders.Release(dataDirectory);
        }
    }

    private static async Task RunAsync(string dataDirectory)
    {
        // Only the lifetime's "Now listening on" line is raised by ServerProcess; the rest stays at the defaults.
        await using var server = await ServerProcess.StartAsync("sqlite", dataDirectory, null, new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Information",
        });
        var tenant = "quiet-logs";
        (await server.Operator.PutAsJsonAsync($"api/v1/tenants/{tenant}", new { productType = "jira", displayName = "Quiet" })).EnsureSuccessStatusCode();
        var before = server.Output;

        using (var unreachable = await server.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/apps", new { descriptorUrl = $"http://127.0.0.1:{ClosedPort()}/atlassian-connect.json" }))
        {
            unreachable.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        }

        var descriptor = new
        {
            key = "down-app",
            baseUrl = $"http://127.0.0.1:{ClosedPort()}",
            authentication = new { type = "jwt" },
            lifecycle = new { installed = "/installed" },
            scopes = new[] { "READ" },
            modules = new { },
        };
        using (var down = await server.Operator.PostAsJsonAsync($"api/v1/tenants/{tenant}/apps", new { descriptor }))
        {
            down.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        }

        using var app = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("JWT", "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJub2JvZHkifQ.c2lnbmF0dXJl");
        (await app.GetAsync($"t/{tenant}/rest/dynamic-modules/1/quota")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var wrongKey = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        wrongKey.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-key");
        (await wrongKey.GetAsync("api/v1/tenants")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        for (var i = 0; i < 5; i++)
        {
            (await server.Operator.GetAsync($"api/v1/tenants/{tenant}")).EnsureSuccessStatusCode();
        }

        await server.Operator.GetAsync("healthz");
        await server.WaitForOutputAsync(text => text.Contains("down-app", StringComparison.Ordinal));
        var output = server.Output[before.Length..];
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Where(line => StackFrame().IsMatch(line) || line.Contains("Exception", StringComparison.Ordinal)).ShouldBeEmpty(output);
        lines.Where(line => FrameworkCategory().IsMatch(line)).ShouldBeEmpty(output);
        lines.Count(line => line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal)).ShouldBe(1, output);
        output.ShouldContain("down-app");
        output.ShouldNotContain("Request starting");
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^\s+at \S+", RegexOptions.CultureInvariant)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"^(info|warn|fail|dbug): (Microsoft|System)\.(?!Hosting\.Lifetime)", RegexOptions.CultureInvariant)]
    private static partial Regex FrameworkCategory();
}
