namespace DynamicModules.Modules;

/// <summary>Which platform a module type comes from; it decides how its key is assigned.</summary>
public enum ModuleDialect
{
    /// <summary>Atlassian Connect: plural type names, the app chooses each module's key.</summary>
    Connect,

    /// <summary>Forge: the server assigns keys to dynamic modules (v2 API).</summary>
    Forge,
}
