using DynamicModules.Apps.Forge;

namespace DynamicModules.Migration;

/// <summary>What the migration planner knows about the installation besides its Connect dynamic modules.</summary>
/// <param name="ProductType">The tenant's product: <c>jira</c> or <c>confluence</c>.</param>
/// <param name="Manifest">The installation's Forge manifest (the one with <c>app.connect.key</c>).</param>
/// <param name="TakenForgeKeys">Module keys already used by the app's Forge modules (static and dynamic).</param>
public sealed record MigrationPlanContext(string ProductType, ForgeManifest Manifest, IReadOnlySet<string> TakenForgeKeys);
