namespace DynamicModules.Configuration;

/// <summary>Service settings, bound from the <c>DynamicModules</c> configuration section (DESIGN §3).</summary>
public sealed class DynamicModulesOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "DynamicModules";

    /// <summary>External URL used to build tenant base URLs; defaults to the first listen URL.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Folder for the SQLite file and generated keys.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The operator bearer token; generated on first start and saved in the data directory when unset.</summary>
    public string? OperatorKey { get; set; }

    /// <summary>
    /// Keys that encrypt secrets at rest, as <c>id:base64key</c> entries (the current key first) separated
    /// by commas; required in practice when several nodes share PostgreSQL. When unset, a key file in the
    /// data directory is used (generated on first start).
    /// </summary>
    public string? SecretKeys { get; set; }

    /// <summary><c>sqlite</c> (default) or <c>postgres</c> (with <c>ConnectionStrings:Postgres</c>).</summary>
    public string Storage { get; set; } = "sqlite";

    /// <summary>Per-installation dynamic module limit for new tenants.</summary>
    public int DefaultPerAppLimit { get; set; } = 100;

    /// <summary>How long an app may take to answer a lifecycle callback before the operation fails.</summary>
    public TimeSpan LifecycleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Per-product allow-lists of module types apps may register dynamically; a product missing here
    /// uses the built-in default list.
    /// </summary>
    public Dictionary<string, string[]> DynamicTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
