using System.Text.Json.Nodes;

namespace DynamicModules.Migration;

/// <summary>
/// Adds the endpoints a Connect → Forge migration derived to a manifest (as JSON) under <c>modules.endpoint</c>: the stored
/// manifest of a migrated installation declares them, so subscription loading and Forge Remote delivery find them as they
/// find any endpoint, and a manifest upgrade that no longer declares them gets them back.
/// </summary>
public static class DerivedEndpointManifest
{
    /// <summary>
    /// Appends to <paramref name="manifest"/> each of <paramref name="endpoints"/> whose key it does not declare and whose
    /// remote is in <paramref name="remotes"/>; returns how many were added.
    /// </summary>
    public static int AddTo(JsonObject manifest, IEnumerable<DerivedForgeEndpoint> endpoints, IReadOnlySet<string> declaredKeys, IReadOnlySet<string> remotes)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(declaredKeys);
        ArgumentNullException.ThrowIfNull(remotes);
        var missing = endpoints.Where(e => !declaredKeys.Contains(e.Key) && remotes.Contains(e.Remote))
            .DistinctBy(e => e.Key, StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        if (manifest["modules"] is not JsonObject modules)
        {
            manifest["modules"] = modules = [];
        }

        if (modules["endpoint"] is not JsonArray list)
        {
            modules["endpoint"] = list = [];
        }

        foreach (var endpoint in missing)
        {
            list.Add(new JsonObject
            {
                ["key"] = endpoint.Key,
                ["remote"] = endpoint.Remote,
                ["route"] = new JsonObject { ["path"] = endpoint.Route },
            });
        }

        return missing.Count;
    }
}
