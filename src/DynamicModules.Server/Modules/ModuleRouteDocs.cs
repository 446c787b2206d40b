using DynamicModules.Server.Errors;

namespace DynamicModules.Server.Modules;

/// <summary>OpenAPI declarations shared by the app-facing module routes, whose error bodies are the dialects' JSON, not problems.</summary>
public static class ModuleRouteDocs
{
    private const string Json = "application/json";

    /// <summary>
    /// Declares the refusals of a registration: <paramref name="invalidStatus"/> with <c>{message, errors: [{path,
    /// message}]}</c> (invalid body or module; duplicates add <c>keys</c>, over quota has only <c>message</c>) and 413
    /// for a body over the size limit.
    /// </summary>
    public static RouteHandlerBuilder ProducesModuleRefusals(this RouteHandlerBuilder builder, int invalidStatus) => builder
        .Produces<AppErrorResponses.AppRefusal>(invalidStatus, Json)
        .Produces<AppErrorResponses.AppRefusal>(StatusCodes.Status413PayloadTooLarge, Json);

    /// <summary>Declares <c>{"message"}</c> answers with these statuses (401 comes from the app authentication).</summary>
    public static RouteHandlerBuilder ProducesMessage(this RouteHandlerBuilder builder, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            builder.Produces<ConnectMessage>(status, Json);
        }

        return builder;
    }
}
