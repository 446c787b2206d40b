using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DynamicModules.Visibility;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// Everything a tenant serves at one module version, ordered, with each entry pre-serialised, plus the full
/// answers of the query shapes already asked for. Immutable apart from that answer cache, so any number of
/// requests read it at once.
/// </summary>
public sealed class TenantModuleSnapshot
{
    private readonly ConcurrentDictionary<ModuleQuery, byte[]> _answers = new();
    private readonly ConcurrentDictionary<ContextQuery, ContextAnswer> _contextAnswers = new();
    private readonly ConcurrentDictionary<string, IReadOnlySet<string>> _roles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ServedModule, bool> _failuresLogged = new(ReferenceEqualityComparer.Instance);
    private readonly int _maxAnswers;
    private readonly int _maxContextAnswers;
    private long _lastUsed;
    private int _read;
    private long _checkedAt;

    /// <summary>Creates a snapshot of <paramref name="modules"/> (already in serving order).</summary>
    public TenantModuleSnapshot(
        long tenantId, string tenantKey, long version, IReadOnlyList<ServedModule> modules, int maxAnswers, long now, int maxContextAnswers = 0)
    {
        _maxContextAnswers = maxContextAnswers;
        TenantId = tenantId;
        TenantKey = tenantKey;
        Version = version;
        Modules = modules;
        ETag = "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";
        _maxAnswers = maxAnswers;
        _lastUsed = now;
        _checkedAt = now;
    }

    /// <summary>The tenant's internal id.</summary>
    public long TenantId { get; }

    /// <summary>The tenant key.</summary>
    public string TenantKey { get; }

    /// <summary>The module version the snapshot was read at.</summary>
    public long Version { get; }

    /// <summary>The quoted version: the <c>ETag</c> of every answer from this snapshot.</summary>
    public string ETag { get; }

    /// <summary>The modules in serving order.</summary>
    public IReadOnlyList<ServedModule> Modules { get; }

    /// <summary>When the snapshot was last served (<see cref="Environment.TickCount64"/>), for least-recently-used eviction.</summary>
    public long LastUsed
    {
        get => Volatile.Read(ref _lastUsed);
        set => Volatile.Write(ref _lastUsed, value);
    }

    /// <summary>
    /// True for the first read answered from this snapshot only: that read is the cache miss that loaded it, every later one
    /// a hit. A plain read first, so that hits never write to the shared cache line.
    /// </summary>
    public bool TakeFirstRead() => Volatile.Read(ref _read) == 0 && Interlocked.Exchange(ref _read, 1) == 0;

    /// <summary>When the version was last confirmed against the database (<see cref="Environment.TickCount64"/>).</summary>
    public long CheckedAt
    {
        get => Volatile.Read(ref _checkedAt);
        set => Volatile.Write(ref _checkedAt, value);
    }

    /// <summary>How many query shapes have a cached answer.</summary>
    public int CachedAnswers => _answers.Count;

    /// <summary>How many query shapes with a viewing context have a cached answer.</summary>
    public int CachedContextAnswers => _contextAnswers.Count;

    /// <summary>The cached answer of a read with a viewing context, if there is one.</summary>
    public ContextAnswer? CachedAnswer(ContextQuery query) => _contextAnswers.GetValueOrDefault(query);

    /// <summary>
    /// The roles of <paramref name="user"/> at this snapshot's version, read through <paramref name="load"/> once and
    /// then kept (a role change bumps the version, which replaces the snapshot). Past the per-tenant bound, unknown users
    /// are read per request.
    /// </summary>
    public async ValueTask<IReadOnlySet<string>> RolesOfAsync(string user, Func<string, CancellationToken, Task<IReadOnlyList<string>>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (_roles.TryGetValue(user, out var known))
        {
            return known;
        }

        var roles = (await load(user, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        if (_roles.Count < Math.Max(_maxContextAnswers, 1) * 4)
        {
            _roles.TryAdd(user, roles);
        }

        return roles;
    }

    /// <summary>
    /// The answer for <paramref name="query"/> as <paramref name="viewer"/> sees it: only the modules visible to them,
    /// each with the <c>hostConditions</c> left for the host when the service could not decide them all. Written once
    /// per query shape and context, then served from memory; past the per-tenant bound, written per request.
    /// </summary>
    public ContextAnswer Answer(ContextQuery query, Viewer viewer, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (_contextAnswers.TryGetValue(query, out var cached))
        {
            return cached;
        }

        var answer = new ContextAnswer(Write(query.Query, viewer, logger), ContextETag(query.Context));
        if (_contextAnswers.Count < _maxContextAnswers)
        {
            _contextAnswers.TryAdd(query, answer);
        }

        return answer;
    }

    /// <summary>The ETag of a read in <paramref name="context"/>: the version and a digest of the context, quoted.</summary>
    public string ContextETag(ViewingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Length-prefixed parts, so no two contexts share an input; a missing part is not an empty one.
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Part(context.User)}{Part(context.Project)}{Part(context.Space)}");
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return "\"" + Version.ToString(CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(hash[..8]) + "\"";

        static string Part(string? value) => value is null ? "-" : string.Create(CultureInfo.InvariantCulture, $"{value.Length}:{value}");
    }

    /// <summary>
    /// The answer body for <paramref name="query"/>: <c>{"tenant", "version", "modules": [...]}</c>. Written once per
    /// query shape and then served from memory; past the per-tenant bound, odd shapes are written per request.
    /// </summary>
    public byte[] Answer(ModuleQuery query)
    {
        if (_answers.TryGetValue(query, out var cached))
        {
            return cached;
        }

        var answer = Write(query);
        if (_answers.Count < _maxAnswers)
        {
            _answers.TryAdd(query, answer);
        }

        return answer;
    }

    private byte[] Write(ModuleQuery query, Viewer? viewer = null, ILogger? logger = null)
    {
        using var buffer = new MemoryStream();
        buffer.Write("{\"tenant\":\""u8);
        // Tenant keys are [a-z0-9-]: nothing to escape.
        buffer.Write(Encoding.UTF8.GetBytes(TenantKey));
        buffer.Write("\",\"version\":"u8);
        buffer.Write(Encoding.UTF8.GetBytes(Version.ToString(CultureInfo.InvariantCulture)));
        buffer.Write(",\"modules\":["u8);
        var first = true;
        foreach (var module in Modules)
        {
            if (!query.Matches(module))
            {
                continue;
            }

            var decision = viewer is null || module.Rules.IsUnconditional ? VisibilityDecision.Shown : module.Rules.Decide(viewer);
            if (decision.Failure is { } failure && logger is not null && _failuresLogged.TryAdd(module, true))
            {
                VisibilityLog.ConditionFailed(logger, module.AppKey, module.Key, failure);
            }

            if (!decision.Visible)
            {
                continue;
            }

            if (!first)
            {
                buffer.WriteByte((byte)',');
            }

            if (decision.HostConditions is { } hostConditions)
            {
                // The entry's own bytes up to its closing brace, then what the host still has to decide.
                buffer.Write(module.Json.AsSpan(0, module.Json.Length - 1));
                buffer.Write(",\"hostConditions\":"u8);
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    hostConditions.WriteTo(writer);
                }

                buffer.WriteByte((byte)'}');
            }
            else
            {
                buffer.Write(module.Json);
            }

            first = false;
        }

        buffer.Write("]}"u8);
        return buffer.ToArray();
    }
}
