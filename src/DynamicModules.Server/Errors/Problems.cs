using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DynamicModules.Server.Errors;

/// <summary>Builders for the problem responses endpoints return.</summary>
public static class Problems
{
    /// <summary>400 with an <c>errors</c> map keyed by JSON path.</summary>
    public static ValidationProblem Validation(IDictionary<string, string[]> errors, string detail = "The request has invalid members; see errors.") =>
        TypedResults.ValidationProblem(errors, detail: detail, type: ProblemTypes.Validation, title: "Invalid request");

    /// <summary>400 with one path and message.</summary>
    public static ValidationProblem Validation(string path, string message) =>
        Validation(new Dictionary<string, string[]> { [path] = [message] }, message);

    /// <summary>404 for a resource that does not exist or is not the caller's (never say which).</summary>
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.NotFound);

    /// <summary>A problem with any status.</summary>
    public static ProblemHttpResult Status(int status, string title, string type, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type);

    /// <summary>Builds the errors map from (path, message) pairs, grouping messages by path.</summary>
    public static Dictionary<string, string[]> ErrorMap(IEnumerable<(string Path, string Message)> errors) =>
        errors.GroupBy(error => error.Path, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(error => error.Message).ToArray(), StringComparer.Ordinal);

    /// <summary>Shape used for problem responses in OpenAPI metadata.</summary>
    public static readonly Type ProblemType = typeof(ProblemDetails);
}
