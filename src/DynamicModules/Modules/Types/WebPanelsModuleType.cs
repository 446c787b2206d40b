using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Connect <c>webPanels</c> (specs/connect.md §4.3).</summary>
internal static class WebPanelsModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "webPanels",
        ModuleDialect.Connect,
        PropertySpec.String("location").AsRequired(),
        PropertySpec.I18n("name").AsRequired(),
        PropertySpec.UiUrl("url").AsRequired(),
        PropertySpec.Object("layout", PropertySpec.String("width"), PropertySpec.String("height")),
        PropertySpec.Conditions(),
        ConnectProperties.Tooltip(),
        ConnectProperties.Weight(),
        ConnectProperties.Params(),
        PropertySpec.Boolean("supportsNative"));
}
