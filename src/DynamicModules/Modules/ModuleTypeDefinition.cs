using System.Text.Json.Nodes;

namespace DynamicModules.Modules;

/// <summary>
/// The typed definition of one module type: its properties, cross-property rules and the scopes an
/// app needs to use it. The module <c>key</c> is not listed here; its rule depends on where the module
/// comes from (see <see cref="ModuleKeys"/>). Adding a module type means adding one of these to the
/// <see cref="ModuleCatalog"/>.
/// </summary>
public sealed record ModuleTypeDefinition
{
    /// <summary>Creates a definition.</summary>
    public ModuleTypeDefinition(string type, ModuleDialect dialect, params PropertySpec[] properties)
    {
        Type = type;
        Dialect = dialect;
        Properties = properties;
    }

    /// <summary>The type name as it appears in descriptors and requests (<c>webItems</c>, <c>jira:issuePanel</c>).</summary>
    public string Type { get; init; }

    /// <summary>Where the type comes from.</summary>
    public ModuleDialect Dialect { get; init; }

    /// <summary>The known top-level properties; unknown ones are allowed and kept.</summary>
    public IReadOnlyList<PropertySpec> Properties { get; init; }

    /// <summary>Rules over several top-level properties.</summary>
    public IReadOnlyList<ObjectRule> Rules { get; init; } = [];

    /// <summary>Scopes the app must declare to use this type (compared ignoring case).</summary>
    public IReadOnlyList<string> RequiredScopes { get; init; } = [];

    /// <summary>
    /// Derives a key for a module given without one, or null when this type always needs an explicit
    /// key. Only called on a module that passed validation.
    /// </summary>
    public Func<JsonObject, string>? GenerateKey { get; init; }
}
