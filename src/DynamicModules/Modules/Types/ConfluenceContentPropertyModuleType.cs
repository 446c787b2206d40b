using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Forge <c>confluence:contentProperty</c>: indexes values of a content property for CQL.</summary>
internal static class ConfluenceContentPropertyModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "confluence:contentProperty",
        ModuleDialect.Forge,
        PropertySpec.String("propertyKey").AsRequired(),
        ForgeProperties.IndexedValues("number", "string", "text", "date"));
}
