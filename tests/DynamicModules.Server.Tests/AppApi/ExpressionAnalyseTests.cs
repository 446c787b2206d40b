using System.Net;
using System.Net.Http.Json;
using System.Text;
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

    // Four problems in one body: the top-level language, an item of the wrong kind, an item without its text, an item with an unknown language.
    private const string FourProblems =
        """{"language":"cobol","expressions":["true",5,{"language":"jql"},{"expression":"true","language":"sql"}]}""";

    private static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    [Fact]
    public async Task AppAnalyseAnswersEveryProblemInTheConnectDialect()
    {
        var response = await App.Http.PostAsync("rest/dynamic-modules/1/expression/analyse", Json(FourProblems));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        body["errors"]!.AsArray().Select(error => error!["path"]!.GetValue<string>())
            .ShouldBe(["language", "expressions[1]", "expressions[2].expression", "expressions[3].language"]);
        body["message"]!.GetValue<string>().ShouldContain("language must be 'expression' or 'jql'.");
        body["message"]!.GetValue<string>().ShouldContain("expressions[2].expression is required");

        var wrongType = await App.Http.PostAsync("rest/dynamic-modules/1/expression/analyse", Json("""{"expressions":"true"}"""));
        wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var refused = (await wrongType.Content.ReadFromJsonAsync<JsonObject>())!;
        refused["message"]!.GetValue<string>().ShouldBe("expressions must be an array.");
        refused["errors"]![0]!["path"]!.GetValue<string>().ShouldBe("expressions");
    }

    [Fact]
    public async Task OperatorAnalyseAnswersEveryProblemAsAProblemKeyedByPath()
    {
        var problem = await Host.Operator.PostAsync("api/v1/expressions/analyse", Json(FourProblems));
        problem.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await problem.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        errors.Select(error => error.Key).ShouldBe(["language", "expressions[1]", "expressions[2].expression", "expressions[3].language"], ignoreOrder: true);

        var missing = await Host.Operator.PostAsync("api/v1/expressions/analyse", Json("{}"));
        (await missing.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["expressions"]![0]!.GetValue<string>()
            .ShouldBe("expressions must be an array of 1 to 100 expressions.");
        var tooMany = await Host.Operator.PostAsJsonAsync("api/v1/expressions/analyse", new { expressions = Enumerable.Repeat("true", 101) });
        tooMany.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var languages = await Host.Operator.PostAsJsonAsync("api/v1/expressions/analyse", new JsonObject
        {
            ["language"] = "JQL",
            ["expressions"] = new JsonArray("project = ABC", new JsonObject { ["expression"] = "true", ["language"] = "expression" }),
        });
        var results = (await languages.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        results.Select(result => result!["language"]!.GetValue<string>()).ShouldBe(["jql", "expression"]);
        results.ShouldAllBe(result => result!["valid"]!.GetValue<bool>());
    }
}
