using DynamicModules.Registration;
using DynamicModules.Server.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Modules;

/// <summary>
/// The typed answers of the app-facing module routes (Connect and Forge): what a registry outcome becomes, in the
/// dialects' <c>{"message"}</c> bodies. Connect and Forge clients read only <c>message</c>; <c>errors</c> (every
/// problem with its path) and <c>keys</c> (the duplicates) are ours.
/// </summary>
public static class ModuleAnswers
{
    /// <summary>
    /// <paramref name="accepted"/> for an accepted outcome, else its refusal: invalid, duplicate and over quota with
    /// <paramref name="invalidStatus"/> (Connect 400, Forge 422), refused by the registration policy 403, unknown key 404.
    /// </summary>
    public static Results<TAccepted, JsonHttpResult<AppErrorResponses.ValidationMessage>, JsonHttpResult<AppErrorResponses.DuplicateMessage>, JsonHttpResult<ConnectMessage>>
        Of<TAccepted>(RegistrationOutcome outcome, int invalidStatus, Func<RegistrationOutcome.Accepted, TAccepted> accepted)
        where TAccepted : IResult
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return outcome switch
        {
            RegistrationOutcome.Accepted done => accepted(done),
            RegistrationOutcome.Invalid invalid => TypedResults.Json(
                new AppErrorResponses.ValidationMessage(invalid.Message, invalid.Errors.Select(error => new AppErrorResponses.PathMessage(error.Path, error.Message)).ToList()),
                statusCode: invalidStatus),
            RegistrationOutcome.Duplicate duplicate => TypedResults.Json(new AppErrorResponses.DuplicateMessage(duplicate.Message, duplicate.Keys), statusCode: invalidStatus),
            RegistrationOutcome.OverQuota overQuota => Message(invalidStatus, overQuota.Message),
            RegistrationOutcome.Forbidden forbidden => Message(StatusCodes.Status403Forbidden, forbidden.Message),
            RegistrationOutcome.NotFound notFound => NotFound(notFound.Key),
            _ => throw new NotSupportedException($"{outcome.GetType().Name} is not a registration outcome."),
        };
    }

    /// <summary>404 for a key that is unknown or another installation's (never say which).</summary>
    public static JsonHttpResult<ConnectMessage> NotFound(string key) =>
        Message(StatusCodes.Status404NotFound, $"No dynamic module with key '{key}'.");

    /// <summary>A <c>{"message"}</c> with <paramref name="status"/>.</summary>
    public static JsonHttpResult<ConnectMessage> Message(int status, string message) => TypedResults.Json(new ConnectMessage(message), statusCode: status);
}
