using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Forge <c>macro</c> (Confluence): a macro inserted into pages.</summary>
internal static class MacroModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "macro",
        ModuleDialect.Forge,
        [
            .. ForgeProperties.UserInterface(),
            PropertySpec.String("title").AsRequired(),
            PropertySpec.String("description"),
            PropertySpec.String("icon"),
            PropertySpec.StringArray("categories"),
            PropertySpec.String("layout"),
            // Either true (use the default config UI) or an object describing a custom one.
            PropertySpec.Any("config"),
            PropertySpec.Object("adfExport", PropertySpec.FunctionReference("function")),
        ])
    {
        Rules = ForgeProperties.UserInterfaceRules(),
    };
}
