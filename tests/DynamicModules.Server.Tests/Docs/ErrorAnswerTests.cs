using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Docs;

/// <summary>Answers nobody's endpoint writes still say what was wrong (DESIGN §4.2): 401, 404, 405 and bad query parameters.</summary>
public sealed class ErrorAnswerTests : IAsyncLifetime
{
    private ServiceHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await ServiceHost.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(null, "No credentials")]
    [InlineData("Basic dXNlcjpwYXNz", "malformed")]
    [InlineData("Bearer ", "malformed")]
    [InlineData("Bearer not-the-operator-key", "not the operator key")]
    public async Task OperatorApiSaysWhyItRefusesTheCredentials(string? authorization, string reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/tenants");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _host.Anonymous.SendAsync(request);
        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);

        problem["detail"]!.GetValue<string>().ShouldContain(reason);
        response.Headers.WwwAuthenticate.ShouldContain(new AuthenticationHeaderValue("Bearer"));
    }

    [Fact]
    public async Task UnknownRouteNamesThePath()
    {
        using var response = await _host.Operator.GetAsync("api/v1/no-such-thing");
        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);

        problem["detail"]!.GetValue<string>().ShouldContain("/api/v1/no-such-thing");
    }

    [Fact]
    public async Task WrongMethodNamesTheAllowedOnes()
    {
        using var response = await _host.Operator.DeleteAsync("api/v1/tenants");
        var problem = await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);

        response.Content.Headers.Allow.ShouldContain("GET");
        problem["detail"]!.GetValue<string>().ShouldContain("allowed: GET");
    }

    [Theory]
    [InlineData("audit?limit=abc", "limit", "an integer")]
    [InlineData("audit?after=soon", "after", "an integer")]
    [InlineData("deliveries?limit=1.5", "limit", "an integer")]
    public async Task BadQueryParameterIsNamedWithTheFormItNeeds(string query, string parameter, string form)
    {
        var tenant = (await _host.CreateTenantAsync())["key"]!.GetValue<string>();

        using var response = await _host.Operator.GetAsync($"api/v1/tenants/{tenant}/{query}");
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);

        problem["errors"]![parameter]![0]!.GetValue<string>().ShouldContain(form);
        problem["detail"]!.GetValue<string>().ShouldContain(parameter);
    }

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["detail"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        return problem;
    }
}
