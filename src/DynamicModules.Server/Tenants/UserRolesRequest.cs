using System.Text.Json.Serialization.Metadata;
using DynamicModules.Server.Requests;

namespace DynamicModules.Server.Tenants;

/// <summary>Body of <c>PUT /api/v1/tenants/{tenant}/users/{accountId}</c>: the user's roles, replacing the ones held.</summary>
/// <param name="Roles">Role names such as <c>product-admin</c>, 1-64 characters each; an empty list removes every role.</param>
public sealed record UserRolesRequest(IReadOnlyList<string?>? Roles) : IJsonRequest<UserRolesRequest>
{
    /// <summary>Longest role name accepted.</summary>
    public const int MaxRoleLength = 64;

    private const string Expected = "roles must be an array of role names (strings of 1-64 characters).";

    /// <inheritdoc />
    public static JsonTypeInfo<UserRolesRequest> JsonType => TenantsJson.Default.UserRolesRequest;

    /// <inheritdoc />
    public IEnumerable<RequestError> Validate()
    {
        if (Roles is null)
        {
            yield return new("roles", Expected);
            yield break;
        }

        for (var index = 0; index < Roles.Count; index++)
        {
            if (Roles[index] is not { Length: > 0 and <= MaxRoleLength })
            {
                yield return new($"roles[{index}]", $"roles[{index}] must be a role name of 1-{MaxRoleLength} characters.");
            }
        }
    }

    /// <summary>The roles to store: each once, in ordinal order; call only when <see cref="Validate"/> found nothing.</summary>
    public List<string> Distinct() => Roles!.Select(role => role!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
