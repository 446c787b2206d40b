using System.Text.Json.Nodes;

namespace DynamicModules.Client.Api;

/// <summary>A dynamic module as the Forge v2 API shows it.</summary>
/// <param name="Key">The module key (a server-generated UUID for modules created through Forge).</param>
/// <param name="Type">The Forge module type, e.g. <c>trigger</c>.</param>
/// <param name="Data">The module definition.</param>
public sealed record ForgeModule(string Key, string Type, JsonObject Data);

/// <summary>One page of <see cref="DynamicModulesClient.ListForgeModulesAsync"/>.</summary>
/// <param name="Modules">The modules of this page, in registration order.</param>
/// <param name="NextPageToken">The token for the next page; null on the last page.</param>
public sealed record ForgeModulePage(IReadOnlyList<ForgeModule> Modules, string? NextPageToken);
