using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Forge <c>confluence:contentBylineItem</c>: an entry in a page's byline.</summary>
internal static class ConfluenceContentBylineItemModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "confluence:contentBylineItem",
        ModuleDialect.Forge,
        [
            .. ForgeProperties.UserInterface(),
            PropertySpec.String("title").AsRequired(),
            PropertySpec.String("icon"),
            PropertySpec.String("tooltip"),
            PropertySpec.String("contentPropertyKey"),
            PropertySpec.Object("dynamicProperties", PropertySpec.FunctionReference("function")),
            ForgeProperties.ViewportSize(),
        ])
    {
        Rules = ForgeProperties.UserInterfaceRules(),
    };
}
