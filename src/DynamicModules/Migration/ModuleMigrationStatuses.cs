namespace DynamicModules.Migration;

/// <summary>What a migration answer says of one module (the <c>status</c> of each entry).</summary>
public static class ModuleMigrationStatuses
{
    /// <summary>A dry run: the module would be converted.</summary>
    public const string Planned = "planned";

    /// <summary>This application converted the module.</summary>
    public const string Converted = "converted";

    /// <summary>An earlier application converted the module.</summary>
    public const string AlreadyConverted = "alreadyConverted";

    /// <summary>The module stays a Connect module, for the entry's reason.</summary>
    public const string StaysConnect = "staysConnect";
}
