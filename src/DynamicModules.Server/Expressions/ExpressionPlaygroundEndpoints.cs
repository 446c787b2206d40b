using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Filters;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Requests;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Expressions;

/// <summary>The admin page's expression playground: compile a filter and run it against a sample payload.</summary>
public static class ExpressionPlaygroundEndpoints
{
    /// <summary>Maps <c>POST /api/v1/expressions/evaluate</c>.</summary>
    public static RouteGroupBuilder MapExpressionPlaygroundEndpoints(this RouteGroupBuilder operatorApi)
    {
        operatorApi.MapPost("/expressions/evaluate", EvaluateAsync)
            .WithTags("Expressions")
            .WithSummary("Evaluate a filter against a sample payload")
            .WithDescription("Body: {language: \"expression\"|\"jql\", expression, payload}. Answers {valid, errors: [{message, line, column}], matched, error, steps, cost}. For expressions the payload is the `event` variable; JQL matches its `issue`. Same compiler, limits and step budget as registered filters.");
        return operatorApi;
    }

    private static async Task<Results<Ok<EvaluationResponse>, ValidationProblem, ProblemHttpResult>> EvaluateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestJson.ReadObjectAsync(request, cancellationToken);
        if (body is null)
        {
            return error!.ToProblem();
        }

        var errors = new List<(string Path, string Message)>();
        var languageName = JsonRead.ReadString(body, "language", "language", errors, required: false) ?? "expression";
        FilterLanguage? language = languageName switch
        {
            "expression" => FilterLanguage.Expression,
            "jql" => FilterLanguage.Jql,
            _ => null,
        };
        if (language is null)
        {
            errors.Add(("language", "language must be \"expression\" or \"jql\"."));
        }

        var expression = JsonRead.ReadString(body, "expression", "expression", errors, required: true);
        if (!body.ContainsKey("payload"))
        {
            errors.Add(("payload", "payload is required: the sample event as JSON."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(Problems.ErrorMap(errors));
        }

        // Compiled directly, not through the shared FilterCache: playground text is throw-away and must not evict
        // the compilations of registered filters.
        var compilation = FilterCompiler.Compile(language!.Value, expression!);
        var compileErrors = compilation.Errors.Select(e => new ExpressionErrorResponse(e.Message, e.Line, e.Column)).ToList();
        if (!compilation.Succeeded)
        {
            return TypedResults.Ok(new EvaluationResponse(false, compileErrors, false, null, 0, compilation.Cost));
        }

        var payload = ToElement(body["payload"]);
        var outcome = compilation.Filter.Evaluate(payload);
        return TypedResults.Ok(new EvaluationResponse(true, compileErrors, outcome.Matched, outcome.Error, outcome.Steps, compilation.Cost));
    }

    private static JsonElement ToElement(JsonNode? node) =>
        node is null ? JsonDocument.Parse("null").RootElement.Clone() : JsonSerializer.SerializeToElement(node);

    /// <summary>The playground's answer.</summary>
    /// <param name="Valid">True when the filter compiled.</param>
    /// <param name="Errors">Compile errors with 1-based positions (empty when valid).</param>
    /// <param name="Matched">True when it evaluated to <c>true</c> without error.</param>
    /// <param name="Error">Why evaluation failed (runtime error, non-Boolean result, step budget), or null.</param>
    /// <param name="Steps">Evaluation steps used.</param>
    /// <param name="Cost">The static cost figure of the compiled filter.</param>
    public sealed record EvaluationResponse(bool Valid, IReadOnlyList<ExpressionErrorResponse> Errors, bool Matched, string? Error, int Steps, int Cost);

    /// <summary>One compile error.</summary>
    public sealed record ExpressionErrorResponse(string Message, int Line, int Column);
}
