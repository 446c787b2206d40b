using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DynamicModules.Json;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Installations;

/// <summary>Body of <c>POST /api/v1/tenants/{tenant}/apps</c>: exactly one of the descriptor's URL or the descriptor itself.</summary>
public sealed record InstallRequest : IJsonRequest<InstallRequest>
{
    /// <summary>Where the service fetches the Connect descriptor (an absolute http or https URL).</summary>
    public string? DescriptorUrl { get; init; }

    /// <summary>
    /// The Connect descriptor inline. Free-form: the descriptor parser checks it and reports its problems with paths
    /// relative to the descriptor (<c>key</c>, <c>modules.webItems[0].url</c>).
    /// </summary>
    public JsonObject? Descriptor { get; init; }

    /// <inheritdoc />
    public static JsonTypeInfo<InstallRequest> JsonType => InstallationsJson.Default.InstallRequest;

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        if ((Descriptor is null) == (DescriptorUrl is null))
        {
            yield return new(StrictJson.RootPath, "Give exactly one of descriptor (the JSON document) or descriptorUrl (a string).");
        }
    }
}
