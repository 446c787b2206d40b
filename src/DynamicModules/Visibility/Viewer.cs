using System.Text.Json;
using DynamicModules.Tenants;

namespace DynamicModules.Visibility;

/// <summary>A viewing context with what the service knows of the viewer: the roles the tenant gave the user.</summary>
public sealed class Viewer
{
    private JsonElement? _expressionVariables;

    /// <summary>Creates a viewer; <paramref name="roles"/> are the tenant's roles of <see cref="ViewingContext.User"/>.</summary>
    public Viewer(ViewingContext context, IReadOnlySet<string> roles)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(roles);
        Context = context;
        Roles = context.User is null ? new HashSet<string>() : roles;
    }

    /// <summary>Where and for whom.</summary>
    public ViewingContext Context { get; }

    /// <summary>The user's roles; empty for an anonymous viewer.</summary>
    public IReadOnlySet<string> Roles { get; }

    /// <summary>True when the context names a user.</summary>
    public bool IsLoggedIn => Context.User is not null;

    /// <summary>True when the user holds the <c>product-admin</c> role (Connect user_is_admin/sysadmin, Forge isAdmin).</summary>
    public bool IsAdmin => Roles.Contains(RegistrationPolicies.ProductAdminRole);

    /// <summary>
    /// The variables of a <c>jira_expression</c> condition, as one object: <c>user</c> ({accountId}), <c>project</c>
    /// ({key}) and <c>space</c> ({key}), each null when the context lacks it. Built on first use.
    /// </summary>
    public JsonElement ExpressionVariables => _expressionVariables ??= BuildVariables();

    private JsonElement BuildVariables()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteEntity(writer, "user", "accountId", Context.User);
            WriteEntity(writer, "project", "key", Context.Project);
            WriteEntity(writer, "space", "key", Context.Space);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static void WriteEntity(Utf8JsonWriter writer, string name, string idName, string? id)
    {
        if (id is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString(idName, id);
        writer.WriteEndObject();
    }
}
