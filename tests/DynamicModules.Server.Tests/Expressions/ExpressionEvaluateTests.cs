using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Expressions;

/// <summary>The playground's body as a request record: a payload left out is an error, an explicit null is a payload.</summary>
public sealed class ExpressionEvaluateTests
{
    private static Task<HttpResponseMessage> EvaluateAsync(ServiceHost host, string raw) =>
        host.Operator.PostAsync("api/v1/expressions/evaluate", new StringContent(raw, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task ANullPayloadIsEvaluatedAndAMissingOneIsNamed()
    {
        await using var host = await ServiceHost.StartAsync();

        var evaluated = await EvaluateAsync(host, """{"expression":"event == null","payload":null}""");
        evaluated.StatusCode.ShouldBe(HttpStatusCode.OK, await evaluated.Content.ReadAsStringAsync());
        var answer = (await evaluated.Content.ReadFromJsonAsync<JsonObject>())!;
        answer["valid"]!.GetValue<bool>().ShouldBeTrue();
        answer["matched"]!.GetValue<bool>().ShouldBeTrue();

        var missing = await EvaluateAsync(host, """{"language":"JQL","expression":"labels = urgent"}""");
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missing.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = (await missing.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["errors"]!.AsObject().Select(error => error.Key).ShouldBe(["payload"]);
        problem["detail"]!.GetValue<string>().ShouldBe("payload is required: the sample event as JSON.");
    }

    [Fact]
    public async Task AnEvaluateBodyThatIsNotAnObjectIsRefusedAtItsRoot()
    {
        await using var host = await ServiceHost.StartAsync();

        var refused = await EvaluateAsync(host, """["event == null"]""");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        problem["errors"]!["$"]![0]!.GetValue<string>().ShouldContain("must be a JSON object");
    }
}
