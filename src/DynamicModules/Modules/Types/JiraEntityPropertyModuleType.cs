using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Forge <c>jira:entityProperty</c>: indexes values of an entity property for JQL.</summary>
internal static class JiraEntityPropertyModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "jira:entityProperty",
        ModuleDialect.Forge,
        PropertySpec.String("entityType"),
        PropertySpec.String("propertyKey").AsRequired(),
        ForgeProperties.IndexedValues("number", "string", "text", "date", "user"));
}
