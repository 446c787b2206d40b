using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Apps;
using DynamicModules.Installations;
using DynamicModules.Modules;
using DynamicModules.Modules.Store;
using DynamicModules.Visibility;

namespace DynamicModules.Server.Modules.Read;

/// <summary>
/// Reads what a tenant serves from the database: the static modules of every enabled installation (from its
/// stored descriptor, i18n resolved with its stored translations) and the dynamic modules of those installations.
/// </summary>
/// <remarks>
/// Serving order, stable across reads and nodes: app key (ordinal), then static before dynamic, then type name
/// (ordinal), then registration order (a static module's position in the descriptor; a dynamic module's id).
/// </remarks>
public sealed class TenantModuleLoader(
    InstallationStore installations, DynamicModuleStore modules, AppDescriptorCache descriptors, VisibilityOverrideStore overrides,
    ConditionExpressions expressions)
{
    private static readonly string[] ServedStates = [InstallationStates.Enabled];

    /// <summary>The modules <paramref name="tenantId"/> serves now, in serving order.</summary>
    public async Task<IReadOnlyList<ServedModule>> LoadAsync(long tenantId, CancellationToken cancellationToken)
    {
        var enabled = (await installations.ListAsync(tenantId, cancellationToken)).Where(i => i.IsEnabled).ToList();
        var dynamicModules = enabled.Count == 0 ? [] : await modules.ListForTenantAsync(tenantId, ServedStates, cancellationToken);
        var appKeys = enabled.ToDictionary(i => i.Id, i => i.AppKey);
        IReadOnlyDictionary<(long InstallationId, string ModuleKey), ModuleVisibility> overridden = enabled.Count == 0
            ? new Dictionary<(long, string), ModuleVisibility>()
            : await overrides.ListForTenantAsync(tenantId, cancellationToken);

        var ordered = new List<(string AppKey, int Source, string Type, long Order, ServedModule Module)>();
        foreach (var installation in enabled)
        {
            var descriptor = descriptors.DescriptorOf(installation);
            var resolver = new I18nResolver(TranslationTable.FromJson(installation.Translations));
            var position = 0L;
            foreach (var (type, entries) in descriptor.StaticModules)
            {
                foreach (var entry in entries)
                {
                    var module = Serve(installation.AppKey, entry.Key, type, ServedModule.Static, DialectOf(type), resolver.Resolve(entry.Definition),
                        overridden.GetValueOrDefault((installation.Id, entry.Key)));
                    ordered.Add((installation.AppKey, 0, type, position++, module));
                }
            }
        }

        foreach (var stored in dynamicModules)
        {
            // Modules of an installation that changed state between the two reads are left out; the commit that
            // changed it invalidates this read anyway.
            if (appKeys.TryGetValue(stored.InstallationId, out var appKey))
            {
                var module = Serve(appKey, stored.Key, stored.Type, ServedModule.Dynamic, stored.Dialect, stored.Definition,
                    overridden.GetValueOrDefault((stored.InstallationId, stored.Key)));
                ordered.Add((appKey, 1, stored.Type, stored.Id, module));
            }
        }

        return ordered
            .OrderBy(m => m.AppKey, StringComparer.Ordinal)
            .ThenBy(m => m.Source)
            .ThenBy(m => m.Type, StringComparer.Ordinal)
            .ThenBy(m => m.Order)
            .Select(m => m.Module)
            .ToList();
    }

    /// <summary>Static modules take the dialect of their catalog type; types the catalog does not know are Connect's.</summary>
    private static ModuleDialect DialectOf(string type) =>
        ModuleCatalog.Default.TryGet(type, out var definition) && definition.Dialect == ModuleDialect.Forge ? ModuleDialect.Forge : ModuleDialect.Connect;

    private ServedModule Serve(
        string appKey, string key, string type, string source, ModuleDialect dialect, JsonObject definition, ModuleVisibility? visibilityOverride)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("appKey", appKey);
            writer.WriteString("key", key);
            writer.WriteString("type", type);
            writer.WriteString("source", source);
            writer.WriteString("dialect", ModuleDialects.ToText(dialect));
            writer.WritePropertyName("definition");
            definition.WriteTo(writer);
            writer.WriteEndObject();
        }

        var location = definition["location"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
        return new ServedModule(appKey, key, type, source, location, buffer.ToArray(), new ModuleRules(definition, dialect, visibilityOverride, expressions));
    }
}
