using System.ComponentModel.DataAnnotations;
using DynamicModules.Events;
using DynamicModules.Storage;

namespace DynamicModules.Configuration;

/// <summary>
/// Service settings, bound from the <c>DynamicModules</c> configuration section (DESIGN §3) and checked by
/// <see cref="DynamicModulesOptionsValidator"/> before anything starts.
/// </summary>
public sealed class DynamicModulesOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "DynamicModules";

    /// <summary>External URL used to build tenant base URLs; defaults to the first listen URL.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Folder for the SQLite file and generated keys.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The operator bearer token; generated on first start and saved in the data directory when unset.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>
    /// Keys that encrypt secrets at rest, as <c>id:base64key</c> entries (the current key first) separated
    /// by commas; required in practice when several nodes share PostgreSQL. When unset, a key file in the
    /// data directory is used (generated on first start).
    /// </summary>
    public string? SecretKeys { get; set; }

    /// <summary>The database engine; <see cref="StorageEngine.Postgres"/> needs <c>ConnectionStrings:Postgres</c>.</summary>
    public StorageEngine Storage { get; set; } = StorageEngine.Sqlite;

    /// <summary>Per-installation dynamic module limit for new tenants.</summary>
    [Range(0, 100_000)]
    public int DefaultPerAppLimit { get; set; } = 100;

    /// <summary>How long an app may take to answer a lifecycle callback before the operation fails.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan LifecycleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many tenants keep their event subscribers (with compiled filters and merged payload paths) in memory at most;
    /// the least recently matched are dropped first and rebuilt from the database on their next event. A subscription
    /// costs a few hundred bytes (about 240 in the benchmark world, docs/benchmarks.md "Matching (round 2)"), so the
    /// default of 10,000 tenants of 100 subscriptions each is about 240 MB at most.
    /// </summary>
    [Range(1, 10_000_000)]
    public int SubscriptionIndexMaxTenants { get; set; } = 10_000;

    /// <summary>
    /// Per-product allow-lists of module types apps may register dynamically; a product missing here
    /// uses the built-in default list.
    /// </summary>
    public Dictionary<string, string[]> DynamicTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Event types added to the built-in catalog (or replacing one with the same Forge name).</summary>
    public List<EventTypeSetting> Events { get; set; } = [];

    /// <summary>Benchmark-only switches.</summary>
    public BenchmarkSettings Benchmark { get; set; } = new();

    /// <summary>Benchmark-only switches, off in every real deployment.</summary>
    public sealed class BenchmarkSettings
    {
        /// <summary>Maps <c>/bench/bare</c>, the baseline endpoint of the render-time read benchmark.</summary>
        public bool BareEndpoint { get; set; }
    }
}
