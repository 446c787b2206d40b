using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Connect <c>webSections</c> (specs/connect.md §4.4).</summary>
internal static class WebSectionsModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "webSections",
        ModuleDialect.Connect,
        PropertySpec.String("location").AsRequired(),
        PropertySpec.I18n("name").AsRequired(),
        PropertySpec.Conditions(),
        ConnectProperties.Tooltip(),
        ConnectProperties.Weight(),
        ConnectProperties.Params());
}
