using DynamicModules.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Requests;

/// <summary>Why a request body was not read: the JSON path of the problem and a message that names it.</summary>
/// <param name="Path"><c>$</c> for the body itself, else the member's path.</param>
/// <param name="Message">What is wrong, in words.</param>
/// <param name="TooLarge">True when the body is over <see cref="RequestJson.MaxBytes"/> (413 rather than 400).</param>
public sealed record RequestJsonError(string Path, string Message, bool TooLarge)
{
    /// <summary>The operator API's answer: problem+json with <c>errors</c> keyed by the path (413 when too large).</summary>
    public ProblemHttpResult ToProblem() => TooLarge
        ? TypedResults.Problem(Message, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large", type: ProblemTypes.BadRequest)
        : TypedResults.Problem(Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", type: ProblemTypes.Validation,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [Path] = [Message] } });

    /// <summary>The app dialects' answer: <c>{message, errors: [{path, message}]}</c> with <paramref name="status"/> (413 when too large).</summary>
    public IResult ToAppMessage(int status) => TypedResults.Json(
        new AppErrorResponses.ValidationMessage(Message, [new AppErrorResponses.PathMessage(Path, Message)]),
        statusCode: TooLarge ? StatusCodes.Status413PayloadTooLarge : status);
}
