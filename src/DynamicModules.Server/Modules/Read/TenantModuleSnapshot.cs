using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// Everything a tenant serves at one module version, ordered, with each entry pre-serialised, plus the full
/// answers of the query shapes already asked for. Immutable apart from that answer cache, so any number of
/// requests read it at once.
/// </summary>
public sealed class TenantModuleSnapshot
{
    private readonly ConcurrentDictionary<ModuleQuery, byte[]> _answers = new();
    private readonly int _maxAnswers;
    private long _lastUsed;
    private long _checkedAt;

    /// <summary>Creates a snapshot of <paramref name="modules"/> (already in serving order).</summary>
    public TenantModuleSnapshot(long tenantId, string tenantKey, long version, IReadOnlyList<ServedModule> modules, int maxAnswers, long now)
    {
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

    /// <summary>When the version was last confirmed against the database (<see cref="Environment.TickCount64"/>).</summary>
    public long CheckedAt
    {
        get => Volatile.Read(ref _checkedAt);
        set => Volatile.Write(ref _checkedAt, value);
    }

    /// <summary>How many query shapes have a cached answer.</summary>
    public int CachedAnswers => _answers.Count;

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

    private byte[] Write(ModuleQuery query)
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

            if (!first)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(module.Json);
            first = false;
        }

        buffer.Write("]}"u8);
        return buffer.ToArray();
    }
}
