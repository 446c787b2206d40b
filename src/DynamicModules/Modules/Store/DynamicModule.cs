using System.Text.Json.Nodes;
using DynamicModules.Modules;

namespace DynamicModules.Modules.Store;

/// <summary>A stored dynamic module.</summary>
/// <param name="Id">Increasing id: the stable order and the paging cursor.</param>
/// <param name="InstallationId">The installation that registered it.</param>
/// <param name="Key">Module key (Connect: the app's; Forge: a server-generated UUID).</param>
/// <param name="Type">Catalog type name (Connect plural name such as <c>webItems</c>, or a Forge name such as <c>trigger</c>).</param>
/// <param name="Dialect">Which API registered it.</param>
/// <param name="Definition">The definition as stored (i18n resolved).</param>
/// <param name="CreatedBy">The actor that registered it.</param>
/// <param name="CreatedAt">Registration time.</param>
/// <param name="UpdatedAt">Last update.</param>
public sealed record DynamicModule(
    long Id, long InstallationId, string Key, string Type, ModuleDialect Dialect, JsonObject Definition, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
