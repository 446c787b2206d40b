using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace DynamicModules.Apps;

/// <summary>
/// The parsed descriptors of installed apps, keyed by installation and descriptor version, so a stored descriptor is
/// parsed once rather than on every registration, subscription load and module load. Bounded; thread-safe.
/// </summary>
/// <remarks>
/// An (installation, version) pair never changes content: descriptor versions are appended, never rewritten, and only
/// committed versions are read from the database, so an entry can never go stale.
/// </remarks>
public sealed class AppDescriptorCache
{
    private readonly ConcurrentDictionary<(long InstallationId, int Version), (AppDescriptor Descriptor, string StoredJson)> _entries = new();

    /// <summary>Creates a cache holding at most <paramref name="capacity"/> descriptors.</summary>
    public AppDescriptorCache(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>The most descriptors kept at once.</summary>
    public int Capacity { get; }

    /// <summary>How many descriptors are cached now.</summary>
    public int Count => _entries.Count;

    /// <summary>The descriptor stored as version <paramref name="version"/> of the installation, parsed on first use.</summary>
    /// <param name="installationId">The installation.</param>
    /// <param name="version">Its descriptor version.</param>
    /// <param name="storedJson">The stored descriptor (or Forge manifest, as JSON) of that version; it was valid when stored.</param>
    public AppDescriptor Get(long installationId, int version, string storedJson)
    {
        ArgumentNullException.ThrowIfNull(storedJson);
        var key = (installationId, version);
        if (_entries.TryGetValue(key, out var cached))
        {
            return cached.Descriptor;
        }

        var stored = JsonNode.Parse(storedJson);
        var parsed = (Forge.ForgeManifestParser.IsManifest(stored) ? Forge.ForgeManifestParser.Parse(stored) : AppDescriptorParser.Parse(stored)).Descriptor
            ?? throw new InvalidOperationException($"The stored descriptor version {version} of installation {installationId} no longer parses.");
        if (_entries.Count >= Capacity)
        {
            EvictSome();
        }

        return _entries.GetOrAdd(key, (parsed, storedJson)).Descriptor;
    }

    /// <summary>
    /// The stored text of a cached descriptor, so a reader that has it need not load kilobytes of JSON from the database again
    /// (the delivery claim); false when the pair is not cached (never read, or evicted).
    /// </summary>
    public bool TryGetStoredJson(long installationId, int version, [NotNullWhen(true)] out string? storedJson)
    {
        var found = _entries.TryGetValue((installationId, version), out var cached);
        storedJson = found ? cached.StoredJson : null;
        return found;
    }

    // Drops about a tenth of the entries in arbitrary order: a dropped descriptor only costs one parse.
    private void EvictSome()
    {
        foreach (var key in _entries.Keys.Take(Math.Max(1, Capacity / 10)))
        {
            _entries.TryRemove(key, out _);
        }
    }
}
