using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.AppApi;

public sealed class ExpressionAnalyseTests : InstalledAppTest
{
    [Fact]
    public async Task AppAnalyseReportsValidityErrorsWithPositionsAndCost()
    {
        var response = await App.Http.PostAsJsonAsync("rest/dynamic-modules/1/expression/analyse", new JsonObject
        {
            ["expressions"] = new JsonArray(
                "event.issue.fields.labels.some(l => l == 'urgent')",
                "event.issue.key ==\n  ",
                new JsonObject { ["expression"] = "project = ABC AND status IN (Open, \"In Progress\")", ["language"] = "jql" },
                new JsonObject { ["expression"] = "project ~~ ABC", ["language"] = "jql" }),
        });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        results[0]!["valid"]!.GetValue<bool>().ShouldBeTrue();
        results[0]!["cost"]!.GetValue<int>().ShouldBeGreaterThan(0);
        results[1]!["valid"]!.GetValue<bool>().ShouldBeFalse();
        results[1]!["errors"]![0]!["line"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        results[1]!["errors"]![0]!["column"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(1);
        results[2]!["valid"]!.GetValue<bool>().ShouldBeTrue();
        results[3]!["valid"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task OperatorAnalyseAnswersTheSameAndRefusesBadInputWithAProblem()
    {
        var ok = await Host.Operator.PostAsJsonAsync("api/v1/expressions/analyse", new { expressions = new[] { "1 + 1" } });
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = (await ok.Content.ReadFromJsonAsync<JsonObject>())!["results"]![0]!;
        result["valid"]!.GetValue<bool>().ShouldBeFalse();
        result["errors"]![0]!["message"]!.GetValue<string>().ShouldContain("Boolean");

        var bad = await Host.Operator.PostAsJsonAsync("api/v1/expressions/analyse", new { expressions = Array.Empty<string>() });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bad.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Host.Anonymous.PostAsJsonAsync("api/v1/expressions/analyse", new { expressions = new[] { "true" } })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
