using System.ComponentModel.DataAnnotations;

namespace DynamicModules.ForgeRemote;

/// <summary>The Forge Remote contract's settings, bound from <c>DynamicModules:ForgeRemote</c> and validated at start-up.</summary>
public sealed class ForgeRemoteOptions
{
    /// <summary>The configuration section name.</summary>
    public const string Section = "DynamicModules:ForgeRemote";

    /// <summary>How long a Forge Invocation Token is valid (Forge's are minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan InvocationTokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an app system or user token is valid.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan AppTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The age at which a new signing key replaces the current one; the old one stays published while its tokens live.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "365.00:00:00")]
    public TimeSpan KeyRotationAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long one invoke may wait for the remote's answer (Forge gives UI invocations 25 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan InvokeTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>The largest invoke body the host may send (the serialised <c>payload</c>).</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxInvokeRequestBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest answer of a remote that invoke passes back; a longer one is a 502.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxInvokeResponseBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The <c>app.environment.type</c> FITs carry.</summary>
    [Required]
    [RegularExpression("^[A-Z_]{1,32}$")]
    public string EnvironmentType { get; set; } = "PRODUCTION";
}
