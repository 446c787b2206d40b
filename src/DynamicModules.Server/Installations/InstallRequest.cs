using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DynamicModules.Json;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Installations;

/// <summary>
/// Body of <c>POST /api/v1/tenants/{tenant}/apps</c>: exactly one of a Connect descriptor (its URL or the document) or a
/// Forge manifest (its URL or its <c>manifest.yml</c> text).
/// </summary>
public sealed record InstallRequest : IJsonRequest<InstallRequest>
{
    /// <summary>Where the service fetches the Connect descriptor (an absolute http or https URL).</summary>
    public string? DescriptorUrl { get; init; }

    /// <summary>
    /// The Connect descriptor inline. Free-form: the descriptor parser checks it and reports its problems with paths
    /// relative to the descriptor (<c>key</c>, <c>modules.webItems[0].url</c>).
    /// </summary>
    public JsonObject? Descriptor { get; init; }

    /// <summary>Where the service fetches a Forge <c>manifest.yml</c> (an absolute http or https URL; YAML or JSON text).</summary>
    public string? ManifestUrl { get; init; }

    /// <summary>
    /// A Forge <c>manifest.yml</c> inline, as text: YAML, or JSON. Its problems are reported with paths relative to the manifest
    /// (<c>app.id</c>, <c>modules.endpoint[0].remote</c>).
    /// </summary>
    public string? Manifest { get; init; }

    /// <summary>True when the request installs a Forge manifest rather than a Connect descriptor.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsManifest => Manifest is not null || ManifestUrl is not null;

    /// <inheritdoc />
    public static JsonTypeInfo<InstallRequest> JsonType => InstallationsJson.Default.InstallRequest;

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        var given = new object?[] { Descriptor, DescriptorUrl, Manifest, ManifestUrl }.Count(value => value is not null);
        if (given != 1)
        {
            yield return new(StrictJson.RootPath,
                "Give exactly one of descriptor (the Connect JSON document), descriptorUrl, manifest (the Forge manifest.yml text) or manifestUrl.");
        }
    }
}
