using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Connect <c>staticContentMacros</c> (Confluence; specs/connect.md §4.6): the host fetches storage-format XHTML.</summary>
internal static class StaticContentMacrosModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "staticContentMacros",
        ModuleDialect.Connect,
        [.. ConnectProperties.Macro(), PropertySpec.Enum("renderingMethod", "get", "post").IgnoringCase()]);
}
