using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Connect <c>dynamicContentMacros</c> (Confluence; specs/connect.md §4.6): rendered in an iframe.</summary>
internal static class DynamicContentMacrosModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "dynamicContentMacros",
        ModuleDialect.Connect,
        [.. ConnectProperties.Macro(), PropertySpec.String("width"), PropertySpec.String("height")]);
}
