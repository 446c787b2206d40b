using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DynamicModules.Server.Requests;
using DynamicModules.Visibility;

namespace DynamicModules.Server.Modules.Visibility;

/// <summary>
/// Body of <c>PUT /api/v1/tenants/{tenant}/modules/{appKey}/{moduleKey}/visibility</c>: the operator's visibility of a
/// module, replacing the module's own. Every listed dimension must match; an absent or empty one matches all.
/// </summary>
public sealed record VisibilityRequest : IJsonRequest<VisibilityRequest>
{
    /// <summary>Tenant user roles; the viewer must hold one of them.</summary>
    public IReadOnlyList<string?>? Roles { get; init; }

    /// <summary>Account ids; the viewer must be one of them.</summary>
    public IReadOnlyList<string?>? Users { get; init; }

    /// <summary>Project keys; the page's project must be one of them.</summary>
    public IReadOnlyList<string?>? Projects { get; init; }

    /// <summary>Space keys; the page's space must be one of them.</summary>
    public IReadOnlyList<string?>? Spaces { get; init; }

    /// <summary>Members that are not a dimension; refused, so a typo never silently widens who sees a module.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Unknown { get; set; }

    /// <inheritdoc />
    public static JsonTypeInfo<VisibilityRequest> JsonType => ModuleVisibilityJson.Default.VisibilityRequest;

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        foreach (var name in Unknown?.Keys ?? Enumerable.Empty<string>())
        {
            yield return new(name, $"{name} is not a visibility dimension; the dimensions are {string.Join(", ", ModuleVisibility.Dimensions)}.");
        }

        foreach (var (name, values) in Dimensions())
        {
            if (values is null)
            {
                continue;
            }

            if (values.Count > VisibilityValidator.MaxValues)
            {
                yield return new(name, $"{name} must list at most {VisibilityValidator.MaxValues} values.");
                continue;
            }

            for (var index = 0; index < values.Count; index++)
            {
                if (values[index] is not { Length: > 0 and <= VisibilityValidator.MaxValueLength })
                {
                    yield return new($"{name}[{index}]", $"{name}[{index}] must be a string of 1-{VisibilityValidator.MaxValueLength} characters.");
                }
            }
        }
    }

    /// <summary>The visibility to store; call only when <see cref="Validate"/> found nothing.</summary>
    public ModuleVisibility ToVisibility() => new(Set(Roles), Set(Users), Set(Projects), Set(Spaces));

    private IEnumerable<(string Name, IReadOnlyList<string?>? Values)> Dimensions() =>
        [("roles", Roles), ("users", Users), ("projects", Projects), ("spaces", Spaces)];

    private static HashSet<string> Set(IReadOnlyList<string?>? values) =>
        (values ?? []).OfType<string>().ToHashSet(StringComparer.Ordinal);
}
