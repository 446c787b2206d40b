using DynamicModules.Server.Requests;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Errors;

/// <summary>
/// How an endpoint answers a refused request: problem+json with <c>errors</c> keyed by JSON path (the operator API),
/// or <c>{message, errors: [{path, message}]}</c> as Connect and Forge do, with the status the dialect uses for an
/// invalid body (Connect 400, Forge 422). Endpoint metadata; app-facing routes default to Connect's.
/// </summary>
public sealed class ErrorDialect
{
    private ErrorDialect(bool app, int invalidStatus)
    {
        IsApp = app;
        InvalidStatus = invalidStatus;
    }

    /// <summary>The operator API's dialect.</summary>
    public static ErrorDialect Problem { get; } = new(app: false, StatusCodes.Status400BadRequest);

    /// <summary>Connect's dialect (400 for an invalid body).</summary>
    public static ErrorDialect Connect { get; } = new(app: true, StatusCodes.Status400BadRequest);

    /// <summary>Forge's dialect (422 for an invalid body).</summary>
    public static ErrorDialect Forge { get; } = new(app: true, StatusCodes.Status422UnprocessableEntity);

    /// <summary>True for the app dialects' <c>{message}</c> bodies.</summary>
    public bool IsApp { get; }

    /// <summary>The status of an invalid body.</summary>
    public int InvalidStatus { get; }

    /// <summary>The dialect of the endpoint that handles <paramref name="context"/>; requests no endpoint took are judged by path.</summary>
    public static ErrorDialect Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The exception handler clears the endpoint before it runs its handlers; the feature still names it.
        var endpoint = context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
        return endpoint?.Metadata.GetMetadata<ErrorDialect>()
            ?? (context.Request.Path.StartsWithSegments("/t", StringComparison.Ordinal) ? Connect : Problem);
    }

    /// <summary>The answer to a body with these problems (at least one).</summary>
    public IResult Invalid(IReadOnlyList<RequestError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var message = string.Join(" ", errors.Select(error => error.Message));
        return IsApp
            ? AppMessage(message, errors, InvalidStatus)
            : Problems.Validation(Problems.ErrorMap(errors.Select(error => (error.Path, error.Message))), message);
    }

    /// <summary>The answer to a body that could not be bound: 413 when it is over the limit, else as <see cref="Invalid"/>.</summary>
    public IResult Refused(RequestBodyException refused)
    {
        ArgumentNullException.ThrowIfNull(refused);
        if (refused.StatusCode != StatusCodes.Status413PayloadTooLarge)
        {
            return Invalid([refused.Error]);
        }

        return IsApp
            ? AppMessage(refused.Error.Message, [refused.Error], refused.StatusCode)
            : TypedResults.Problem(refused.Error.Message, statusCode: refused.StatusCode, title: "Request body too large", type: ProblemTypes.BadRequest);
    }

    private static JsonHttpResult<AppErrorResponses.ValidationMessage> AppMessage(string message, IReadOnlyList<RequestError> errors, int status) =>
        TypedResults.Json(
            new AppErrorResponses.ValidationMessage(message, errors.Select(error => new AppErrorResponses.PathMessage(error.Path, error.Message)).ToList()),
            statusCode: status);
}
