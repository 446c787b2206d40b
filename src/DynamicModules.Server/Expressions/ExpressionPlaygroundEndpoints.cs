using DynamicModules.Filters;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Expressions;

/// <summary>The admin page's expression playground: compile a filter and run it against a sample payload.</summary>
public static class ExpressionPlaygroundEndpoints
{
    /// <summary>Maps <c>POST /api/v1/expressions/evaluate</c>.</summary>
    public static RouteGroupBuilder MapExpressionPlaygroundEndpoints(this RouteGroupBuilder operatorApi)
    {
        operatorApi.MapPost("/expressions/evaluate", Evaluate)
            .WithTags("Expressions")
            .WithName("EvaluateExpression")
            .WithSummary("Evaluate a filter against a sample payload")
            .WithDescription("Body: {language?: \"expression\"|\"jql\", expression, payload}. Answers {valid, errors: [{message, line, column}], matched, error, steps, cost}: a filter that does not compile is an answer with valid false, not an error. For expressions the payload is the `event` variable; JQL matches its `issue`. Same compiler, limits and step budget as registered filters. 400 names every invalid member.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return operatorApi;
    }

    private static Ok<EvaluationResponse> Evaluate(EvaluateRequest body)
    {
        // Compiled directly, not through the shared FilterCache: playground text is throw-away and must not evict
        // the compilations of registered filters.
        var compilation = FilterCompiler.Compile(body.FilterLanguage, body.Expression!);
        var compileErrors = compilation.Errors.Select(e => new ExpressionErrorResponse(e.Message, e.Line, e.Column)).ToList();
        if (!compilation.Succeeded)
        {
            return TypedResults.Ok(new EvaluationResponse(false, compileErrors, false, null, 0, compilation.Cost));
        }

        var outcome = compilation.Filter.Evaluate(body.Payload);
        return TypedResults.Ok(new EvaluationResponse(true, compileErrors, outcome.Matched, outcome.Error, outcome.Steps, compilation.Cost));
    }

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
