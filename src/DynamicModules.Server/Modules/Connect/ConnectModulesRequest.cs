using System.Reflection;
using System.Text.Json.Nodes;
using DynamicModules.Server.Requests;
using Microsoft.AspNetCore.Http.Metadata;

namespace DynamicModules.Server.Modules.Connect;

/// <summary>
/// Body of the Connect registration: shaped like a descriptor's <c>modules</c> (module type → definitions), or that
/// wrapped in <c>{"modules": {...}}</c> as jira.js sends it. Free-form by contract, so it is not an
/// <see cref="IJsonRequest{TSelf}"/>: the strict reader checks the JSON (size, duplicate names, lone surrogates,
/// depth), and the module catalog checks every definition, reporting each problem with its path.
/// </summary>
/// <param name="Modules">The body as read.</param>
public sealed record ConnectModulesRequest(JsonObject Modules) : IBindableFromHttpContext<ConnectModulesRequest>, IEndpointParameterMetadataProvider
{
    /// <summary>Reads the body; one that is not a JSON object throws a <see cref="RequestBodyException"/>, answered in Connect's dialect.</summary>
    public static async ValueTask<ConnectModulesRequest?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (body, error) = await RequestJson.ReadObjectAsync(context.Request, context.RequestAborted);
        return body is not null
            ? new ConnectModulesRequest(body)
            : throw new RequestBodyException(new RequestError(error!.Path, error.Message), error.TooLarge);
    }

    /// <summary>Documents the body as a map of module type to module definitions.</summary>
    public static void PopulateMetadata(ParameterInfo parameter, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(Dictionary<string, List<JsonObject>>), isOptional: false));
    }
}
