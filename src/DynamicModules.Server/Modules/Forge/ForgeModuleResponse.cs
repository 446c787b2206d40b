using System.Text.Json.Nodes;
using DynamicModules.Modules.Store;

namespace DynamicModules.Server.Modules.Forge;

/// <summary>One module as the Forge v2 API shows it.</summary>
/// <param name="Key">The module key (a server-generated UUID for modules registered here).</param>
/// <param name="Type">The module type.</param>
/// <param name="Data">The definition, i18n resolved, with <c>key</c> copied in as Forge does.</param>
public sealed record ForgeModuleResponse(string Key, string Type, JsonObject Data)
{
    /// <summary>Maps a stored module.</summary>
    public static ForgeModuleResponse From(DynamicModule module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var data = (JsonObject)module.Definition.DeepClone();
        data["key"] = module.Key;
        return new ForgeModuleResponse(module.Key, module.Type, data);
    }
}

/// <summary>A page of modules.</summary>
/// <param name="Modules">The modules in registration order.</param>
/// <param name="NextPageToken">Pass as <c>nextPageToken</c> for the following page; null on the last page.</param>
public sealed record ForgeModulePage(IReadOnlyList<ForgeModuleResponse> Modules, string? NextPageToken);
