namespace DynamicModules.Audit;

/// <summary>One accepted change: who did what to which modules of which app, when.</summary>
/// <param name="Id">Increasing id; the paging cursor.</param>
/// <param name="AppKey">The app concerned, or null for tenant-level changes.</param>
/// <param name="Actor"><c>app</c>, <c>user:{accountId}</c> or <c>operator</c>.</param>
/// <param name="Operation">What happened, e.g. <c>module.register</c>, <c>app.install</c>.</param>
/// <param name="ModuleKeys">Module keys affected (empty when none).</param>
/// <param name="Details">Free-form detail (reason, versions, limits), or null.</param>
/// <param name="Time">When it happened.</param>
public sealed record AuditRecord(
    long Id, string? AppKey, string Actor, string Operation, IReadOnlyList<string> ModuleKeys, string? Details, DateTimeOffset Time);
