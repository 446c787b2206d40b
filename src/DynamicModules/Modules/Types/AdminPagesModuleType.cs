using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>Connect <c>adminPages</c>: a page in the product's administration area.</summary>
internal static class AdminPagesModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new("adminPages", ModuleDialect.Connect, ConnectProperties.Page());
}
