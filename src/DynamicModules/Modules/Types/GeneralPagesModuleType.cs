using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Connect <c>generalPages</c>: a full page in the product, linked from a location.</summary>
internal static class GeneralPagesModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new("generalPages", ModuleDialect.Connect, ConnectProperties.Page());
}
