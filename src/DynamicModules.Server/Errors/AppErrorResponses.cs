using DynamicModules.Registration;

namespace DynamicModules.Server.Errors;

/// <summary>
/// Maps registry outcomes to the dialects' error answers: <c>{"message"}</c> plus, for validation, an
/// <c>errors</c> list of <c>{path, message}</c> (Connect and Forge clients read only <c>message</c>).
/// </summary>
public static class AppErrorResponses
{
    /// <summary>The error answer of a refused outcome, with <paramref name="invalidStatus"/> for invalid/duplicate/quota (Connect 400, Forge 422).</summary>
    public static IResult For(RegistrationOutcome outcome, int invalidStatus) => outcome switch
    {
        RegistrationOutcome.Invalid invalid => TypedResults.Json(
            new ValidationMessage(invalid.Message, invalid.Errors.Select(error => new PathMessage(error.Path, error.Message)).ToList()),
            statusCode: invalidStatus),
        RegistrationOutcome.Duplicate duplicate => TypedResults.Json(new DuplicateMessage(duplicate.Message, duplicate.Keys), statusCode: invalidStatus),
        RegistrationOutcome.OverQuota overQuota => TypedResults.Json(new ConnectMessage(overQuota.Message), statusCode: invalidStatus),
        RegistrationOutcome.Forbidden forbidden => TypedResults.Json(new ConnectMessage(forbidden.Message), statusCode: StatusCodes.Status403Forbidden),
        RegistrationOutcome.NotFound notFound => NotFound(notFound.Key),
        _ => throw new NotSupportedException($"{outcome.GetType().Name} is not an error outcome."),
    };

    /// <summary>404 for a key that is unknown or another installation's (never say which).</summary>
    public static IResult NotFound(string key) =>
        TypedResults.Json(new ConnectMessage($"No dynamic module with key '{key}'."), statusCode: StatusCodes.Status404NotFound);

    /// <summary>A 400 <c>{"message"}</c>.</summary>
    public static IResult BadRequest(string message) => TypedResults.Json(new ConnectMessage(message), statusCode: StatusCodes.Status400BadRequest);

    /// <summary>Validation failure: the message lists every problem; <c>errors</c> has them one by one.</summary>
    public sealed record ValidationMessage(string Message, IReadOnlyList<PathMessage> Errors);

    /// <summary>One validation problem.</summary>
    public sealed record PathMessage(string Path, string Message);

    /// <summary>Duplicate keys, named.</summary>
    public sealed record DuplicateMessage(string Message, IReadOnlyList<string> Keys);
}
