using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Events;

/// <summary>The OpenAPI document describes the event, delivery and expression operations: a name, words, the body and every status with its body.</summary>
public sealed class EventsDeliveriesExpressionsOpenApiTests
{
    private const string Problem = "application/problem+json";
    private const string Json = "application/json";

    public static TheoryData<string, string, string, string?, string> Operations() => new()
    {
        // method, path, operationId, request schema, "status=media type" for every answer, separated by |
        { "post", "/api/v1/tenants/{tenant}/events", "PublishEvent", "PublishRequest", $"202={Json}|400={Problem}|401={Problem}|404={Problem}|413={Problem}" },
        { "get", "/api/v1/tenants/{tenant}/deliveries", "ListDeliveries", null, $"200={Json}|400={Problem}|401={Problem}|404={Problem}" },
        { "post", "/api/v1/tenants/{tenant}/deliveries/replay", "ReplayDeliveries", "ReplayRequest", $"200={Json}|400={Problem}|401={Problem}|404={Problem}|413={Problem}" },
        { "get", "/api/v1/tenants/{tenant}/apps/{appKey}/signing-secret", "GetSigningSecret", null, $"200={Json}|400={Problem}|401={Problem}|404={Problem}|409={Problem}" },
        { "post", "/api/v1/deliveries/{id}/redeliver", "RedeliverDelivery", null, $"202={Json}|400={Problem}|401={Problem}|404={Problem}|409={Problem}" },
        { "get", "/metrics", "GetMetrics", null, $"200=text/plain; version=0.0.4; charset=utf-8|400={Problem}" },
        { "post", "/api/v1/expressions/analyse", "AnalyseExpressions", "AnalyseRequest", $"200={Json}|400={Problem}|401={Problem}|413={Problem}" },
        { "post", "/api/v1/expressions/evaluate", "EvaluateExpression", "EvaluateRequest", $"200={Json}|400={Problem}|401={Problem}|413={Problem}" },
        { "post", "/t/{tenant}/rest/dynamic-modules/1/expression/analyse", "AnalyseExpressionsAsApp", "AnalyseRequest", $"200={Json}|400={Json}|401={Json}|413={Json}" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task TheOperationIsNamedDescribedAndDeclaresEveryAnswer(string method, string path, string operationId, string? requestSchema, string answers)
    {
        await using var host = await ServiceHost.StartAsync();
        var document = (await host.Anonymous.GetFromJsonAsync<JsonObject>("openapi/v1.json"))!;

        var operation = document["paths"]![path]![method]!.AsObject();
        operation["operationId"]!.GetValue<string>().ShouldBe(operationId);
        operation["summary"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        operation["description"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        var responses = operation["responses"]!.AsObject();
        var expected = answers.Split('|').Select(answer => answer.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
        responses.Select(response => response.Key).ShouldBe(expected.Keys, ignoreOrder: true);
        foreach (var (status, mediaType) in expected)
        {
            var content = responses[status]!["content"]!.AsObject();
            content.Select(media => media.Key).ShouldBe([mediaType], $"{operationId} {status}");
            content[mediaType]!["schema"].ShouldNotBeNull($"{operationId} {status}");
        }

        if (requestSchema is null)
        {
            operation.ContainsKey("requestBody").ShouldBeFalse();
            return;
        }

        operation["requestBody"]!["required"]!.GetValue<bool>().ShouldBeTrue();
        operation["requestBody"]!["content"]![Json]!["schema"]!["$ref"]!.GetValue<string>().ShouldBe("#/components/schemas/" + requestSchema);
    }

    [Fact]
    public async Task RequestSchemasListOnlyTheMembersABodyCanCarry()
    {
        await using var host = await ServiceHost.StartAsync();
        var schemas = (await host.Anonymous.GetFromJsonAsync<JsonObject>("openapi/v1.json"))!["components"]!["schemas"]!.AsObject();

        string[] Members(string schema) => schemas[schema]!["properties"]!.AsObject().Select(member => member.Key).ToArray();
        string[] Required(string schema) => schemas[schema]!["required"]!.AsArray().Select(member => member!.GetValue<string>()).ToArray();
        Members("PublishRequest").ShouldBe(["id", "type", "payload", "actor"], ignoreOrder: true);
        Required("PublishRequest").ShouldBe(["id", "type", "payload"], ignoreOrder: true);
        Members("PublishActorRequest").ShouldBe(["accountId", "appKey"], ignoreOrder: true);
        Members("ReplayRequest").ShouldBe(["from", "to", "status"], ignoreOrder: true);
        Required("ReplayRequest").ShouldBe(["from", "to"], ignoreOrder: true);
        Members("AnalyseRequest").ShouldBe(["expressions", "language"], ignoreOrder: true);
        Members("EvaluateRequest").ShouldBe(["expression", "payload", "language"], ignoreOrder: true);
        Required("EvaluateRequest").ShouldBe(["expression", "payload"], ignoreOrder: true);
    }
}
