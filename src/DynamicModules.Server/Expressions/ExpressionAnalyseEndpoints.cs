using DynamicModules.Filters;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Expressions;

/// <summary>
/// Validates filter expressions and JQL without registering anything (DESIGN §4.4): for each, whether
/// it compiles, its errors with line and column, and a cost figure. For apps and for operators.
/// </summary>
public static class ExpressionAnalyseEndpoints
{
    private const string Description =
        "Body `{expressions: [\"...\" | {expression, language}], language?}` (1 to 100 expressions) where language is `expression` (the Jira-expression subset of trigger filters, the default) or `jql` (webhook filters). Answers `{results: [{expression, language, valid, errors: [{message, line, column}], cost}]}`: an expression that does not compile is a result, not an error; 400 names every malformed item by its path.";

    /// <summary>Maps the app-facing route into the tenant app group; it answers errors in the Connect dialect (<c>{message}</c>).</summary>
    public static RouteGroupBuilder MapAppExpressionAnalyse(this RouteGroupBuilder tenantApp)
    {
        tenantApp.MapPost("/rest/dynamic-modules/1/expression/analyse", Analyse)
            .WithTags("Expressions")
            .WithName("AnalyseExpressionsAsApp")
            .WithSummary("Analyse filter expressions (app)")
            .WithDescription(Description)
            .Produces<AppErrorResponses.ValidationMessage>(StatusCodes.Status400BadRequest, "application/json")
            .Produces<ConnectMessage>(StatusCodes.Status401Unauthorized, "application/json")
            .Produces<AppErrorResponses.ValidationMessage>(StatusCodes.Status413PayloadTooLarge, "application/json")
            .AcceptForgeAppTokens();
        return tenantApp;
    }

    /// <summary>Maps <c>POST /api/v1/expressions/analyse</c> for operators.</summary>
    public static RouteGroupBuilder MapOperatorExpressionAnalyse(this RouteGroupBuilder operatorApi)
    {
        operatorApi.MapPost("/expressions/analyse", Analyse)
            .WithTags("Expressions")
            .WithName("AnalyseExpressions")
            .WithSummary("Analyse filter expressions (operator)")
            .WithDescription(Description)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return operatorApi;
    }

    // Both routes: the body's problems are answered by the validation filter in the route's dialect.
    private static Ok<AnalysisResponse> Analyse(AnalyseRequest body, FilterCache filters) =>
        TypedResults.Ok(new AnalysisResponse(body.Items().Select(item =>
        {
            var compilation = filters.GetOrCompile(item.Language, item.Source);
            return new AnalysisResult(item.Source, FilterLanguageNames.Of(item.Language), compilation.Succeeded, compilation.Errors, compilation.Cost);
        }).ToList()));

    /// <summary>The analysis of one expression.</summary>
    /// <param name="Expression">The expression as sent.</param>
    /// <param name="Language"><c>expression</c> or <c>jql</c>.</param>
    /// <param name="Valid">True when it compiles.</param>
    /// <param name="Errors">Compile errors with 1-based positions (empty when valid).</param>
    /// <param name="Cost">The static cost figure.</param>
    public sealed record AnalysisResult(string Expression, string Language, bool Valid, IReadOnlyList<FilterError> Errors, int Cost);

    /// <summary>All analyses, in request order.</summary>
    public sealed record AnalysisResponse(IReadOnlyList<AnalysisResult> Results);
}
