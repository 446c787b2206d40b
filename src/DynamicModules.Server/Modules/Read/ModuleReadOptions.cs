namespace DynamicModules.Server.Modules.Read;

/// <summary>Settings of the render-time module read and the change feed, bound from <c>DynamicModules:ModuleRead</c>.</summary>
public sealed class ModuleReadOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "DynamicModules:ModuleRead";

    /// <summary>How many tenants keep a module snapshot in memory at most; the least recently read go first.</summary>
    public int MaxCachedTenants { get; set; } = 1_000;

    /// <summary>How many distinct query shapes (app, type, location) of one tenant keep their serialised answer.</summary>
    public int MaxCachedQueriesPerTenant { get; set; } = 64;

    /// <summary>
    /// How many distinct reads with a viewing context (filters, user, project, space) of one tenant keep their answer;
    /// the roles of four times as many users are kept too. Past that, answers are written per request.
    /// </summary>
    public int MaxCachedContextsPerTenant { get; set; } = 1_024;

    /// <summary>
    /// After this long a snapshot is checked against <c>tenants.module_version</c> (one indexed read) before it is
    /// served again. Invalidation normally comes at once (commit events, PostgreSQL NOTIFY); this bounds staleness
    /// when a node crashes between its commit and its NOTIFY.
    /// </summary>
    public TimeSpan RevalidateAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle change feed looks for changes even without a wake-up (changes made by other nodes
    /// whose NOTIFY was lost).</summary>
    public TimeSpan ChangeFeedPollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a change feed may stay silent before it sends a keep-alive comment.</summary>
    public TimeSpan ChangeFeedKeepAlive { get; set; } = TimeSpan.FromSeconds(15);
}
