using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Filters;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Expressions;

/// <summary>
/// Validates filter expressions and JQL without registering anything (DESIGN §4.4): for each, whether
/// it compiles, its errors with line and column, and a cost figure. For apps and for operators.
/// </summary>
public static class ExpressionAnalyseEndpoints
{
    /// <summary>Most expressions analysed in one request.</summary>
    public const int MaxExpressions = 100;

    private const string Description =
        "Body `{expressions: [\"...\" | {expression, language}], language?}` where language is `expression` (the Jira-expression subset of trigger filters, the default) or `jql` (webhook filters). Answers `{results: [{expression, language, valid, errors: [{message, line, column}], cost}]}`.";

    /// <summary>Maps the app-facing route into the tenant app group.</summary>
    public static RouteGroupBuilder MapAppExpressionAnalyse(this RouteGroupBuilder tenantApp)
    {
        tenantApp.MapPost("/rest/dynamic-modules/1/expression/analyse", (HttpRequest request, FilterCache filters, CancellationToken cancellationToken) =>
                AnalyseAsync(request, filters, problem: false, cancellationToken))
            .WithTags("Expressions").WithSummary("Analyse filter expressions (app)").WithDescription(Description);
        return tenantApp;
    }

    /// <summary>Maps <c>POST /api/v1/expressions/analyse</c> for operators.</summary>
    public static RouteGroupBuilder MapOperatorExpressionAnalyse(this RouteGroupBuilder operatorApi)
    {
        operatorApi.MapPost("/expressions/analyse", (HttpRequest request, FilterCache filters, CancellationToken cancellationToken) =>
                AnalyseAsync(request, filters, problem: true, cancellationToken))
            .WithTags("Expressions")
            .WithSummary("Analyse filter expressions (operator)").WithDescription(Description);
        return operatorApi;
    }

    private static async Task<IResult> AnalyseAsync(HttpRequest request, FilterCache filters, bool problem, CancellationToken cancellationToken)
    {
        var (body, error) = await RequestJson.ReadObjectAsync(request, cancellationToken);
        if (body is null)
        {
            return problem ? error!.ToProblem() : error!.ToAppMessage(StatusCodes.Status400BadRequest);
        }

        if (!TryLanguage(body["language"], FilterLanguage.Expression, out var defaultLanguage))
        {
            return Refuse("language must be 'expression' or 'jql'.", problem);
        }

        if (body["expressions"] is not JsonArray expressions || expressions.Count is 0 or > MaxExpressions)
        {
            return Refuse($"expressions must be an array of 1 to {MaxExpressions} expressions.", problem);
        }

        var results = new List<AnalysisResult>(expressions.Count);
        for (var index = 0; index < expressions.Count; index++)
        {
            var item = expressions[index];
            var language = defaultLanguage;
            string? source = null;
            if (item is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                source = value.GetValue<string>();
            }
            else if (item is JsonObject entry && entry["expression"] is JsonValue text && text.GetValueKind() == JsonValueKind.String
                && TryLanguage(entry["language"], defaultLanguage, out language))
            {
                source = text.GetValue<string>();
            }

            if (source is null)
            {
                return Refuse($"expressions[{index}] must be a string or {{expression, language}} with language 'expression' or 'jql'.", problem);
            }

            var compilation = filters.GetOrCompile(language, source);
            results.Add(new AnalysisResult(
                source, language == FilterLanguage.Jql ? "jql" : "expression", compilation.Succeeded, compilation.Errors, compilation.Cost));
        }

        return TypedResults.Ok(new AnalysisResponse(results));
    }

    private static bool TryLanguage(JsonNode? node, FilterLanguage fallback, out FilterLanguage language)
    {
        language = fallback;
        if (node is null)
        {
            return true;
        }

        var name = node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        switch (name?.ToUpperInvariant())
        {
            case "EXPRESSION":
                language = FilterLanguage.Expression;
                return true;
            case "JQL":
                language = FilterLanguage.Jql;
                return true;
            default:
                return false;
        }
    }

    private static IResult Refuse(string message, bool problem) => problem
        ? Problems.Validation("$", message)
        : AppErrorResponses.BadRequest(message);

    /// <summary>The analysis of one expression.</summary>
    public sealed record AnalysisResult(string Expression, string Language, bool Valid, IReadOnlyList<FilterError> Errors, int Cost);

    /// <summary>All analyses, in request order.</summary>
    public sealed record AnalysisResponse(IReadOnlyList<AnalysisResult> Results);
}
