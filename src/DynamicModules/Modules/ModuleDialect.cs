namespace DynamicModules.Modules;

/// <summary>Which platform a module type comes from; it decides how its key is assigned.</summary>
public enum ModuleDialect
{
    /// <summary>Atlassian Connect: plural type names, the app chooses each module's key.</summary>
    Connect,

    /// <summary>Forge: the server assigns keys to dynamic modules (v2 API).</summary>
    Forge,
}

/// <summary>The stored names of <see cref="ModuleDialect"/> (<c>dynamic_modules.dialect</c>).</summary>
public static class ModuleDialects
{
    /// <summary><c>connect</c> or <c>forge</c>.</summary>
    public static string ToText(ModuleDialect dialect) => dialect == ModuleDialect.Connect ? "connect" : "forge";

    /// <summary>The dialect a stored name stands for.</summary>
    public static ModuleDialect Parse(string text) => text switch
    {
        "connect" => ModuleDialect.Connect,
        "forge" => ModuleDialect.Forge,
        _ => throw new InvalidDataException($"'{text}' is not a module dialect."),
    };
}
