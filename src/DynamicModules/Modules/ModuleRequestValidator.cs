using System.Text.Json.Nodes;
using DynamicModules.Events;

namespace DynamicModules.Modules;

/// <summary>
/// Validates dynamic module registration requests of both dialects against the
/// <see cref="ModuleCatalog"/>, the <see cref="DynamicModuleTypePolicy"/>, the key rules and the app
/// (<see cref="ModuleValidationContext"/>), and returns the normalised modules: keys set (generated for
/// key-less webhooks), i18n resolved. Keys repeated inside the request are errors; clashes with stored
/// or static modules are for the caller to check. A <c>webhooks</c> module must name an event of the
/// <see cref="EventCatalog"/> by its Connect name, since no other event would ever reach it.
/// </summary>
public sealed class ModuleRequestValidator(ModuleCatalog catalog, DynamicModuleTypePolicy policy, EventCatalog events)
{
    private readonly HashSet<string> _webhookEvents = events.Types
        .Select(type => type.ConnectName).OfType<string>().ToHashSet(StringComparer.Ordinal);

    /// <summary>A validator over the default module catalog, policy and event catalog.</summary>
    public static ModuleRequestValidator Default { get; } = new(ModuleCatalog.Default, DynamicModuleTypePolicy.Default, EventCatalog.Default);

    /// <summary>A validator over the default event catalog.</summary>
    public ModuleRequestValidator(ModuleCatalog catalog, DynamicModuleTypePolicy policy)
        : this(catalog, policy, EventCatalog.Default)
    {
    }

    /// <summary>
    /// Validates a Connect request body shaped like descriptor <c>modules</c> (<c>{"webItems": [...]}</c>);
    /// the wrapper <c>{"modules": {...}}</c> that OpenAPI-generated clients send is unwrapped, and
    /// <c>{"modules": [...]}</c> is refused because the module types cannot be told from it.
    /// Paths are relative to the body (<c>webItems[0].url</c>, <c>modules.webItems[0].url</c>).
    /// </summary>
    public ModuleValidationResult ValidateConnect(JsonNode? body, ModuleValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<ValidationError>();
        if (body is not JsonObject modules)
        {
            return Failed(new ValidationError(string.Empty, "The body must be a JSON object whose properties are module types, like {\"webItems\": [...]}."));
        }

        var prefix = string.Empty;
        if (modules["modules"] is { } wrapped)
        {
            if (wrapped is JsonArray)
            {
                return Failed(new ValidationError("modules", "An array of modules is not accepted because the module types cannot be inferred; send an object keyed by module type, like {\"webItems\": [...]}."));
            }

            if (wrapped is not JsonObject inner || modules.Count != 1)
            {
                return Failed(new ValidationError("modules", "'modules' must be the only property and must be an object keyed by module type."));
            }

            modules = inner;
            prefix = "modules";
        }

        if (modules.Count == 0)
        {
            return Failed(new ValidationError(prefix, "The request contains no modules."));
        }

        var resolver = new I18nResolver(context.Translations);
        var entries = new List<ModuleEntry>();
        var keyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (type, value) in modules)
        {
            var typePath = JsonPath.Property(prefix, type);
            if (FindAllowedDefinition(type, typePath, context, errors) is not { } definition)
            {
                continue;
            }

            foreach (var (path, module) in ModuleList.Read(value, typePath, errors))
            {
                var before = errors.Count;
                ModuleKeys.Validate(module, path, optional: definition.GenerateKey is not null, errors);
                ModuleDefinitionValidator.Validate(definition, module, path, context, errors);
                CheckWebhookEvent(type, module, path, errors);
                if (errors.Count != before)
                {
                    continue;
                }

                var resolved = resolver.Resolve(module);
                var key = ModuleKeys.EnsureKey(definition, resolved)!;
                var keyPath = JsonPath.Property(path, "key");
                if (keyPaths.TryGetValue(key, out var firstPath))
                {
                    errors.Add(new ValidationError(keyPath, $"Duplicate module key '{key}' (also at {firstPath})."));
                    continue;
                }

                keyPaths.Add(key, keyPath);
                entries.Add(new ModuleEntry(type, key, resolved));
            }
        }

        return errors.Count == 0 ? new ModuleValidationResult(entries, []) : new ModuleValidationResult([], errors);
    }

    /// <summary>
    /// Validates a Forge v2 body <c>{"type": "...", "data": {...}}</c>. Forge v2 keys are assigned by the
    /// server, so the caller passes <paramref name="key"/> (a new UUID on create, the path key on update);
    /// any <c>key</c> inside <c>data</c> is replaced by it. Paths are <c>type</c> and <c>data.…</c>.
    /// </summary>
    public ModuleValidationResult ValidateForge(JsonNode? body, string key, ModuleValidationContext context)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(context);
        if (body is not JsonObject request)
        {
            return Failed(new ValidationError(string.Empty, "The body must be a JSON object like {\"type\": \"trigger\", \"data\": {...}}."));
        }

        var errors = new List<ValidationError>();
        ModuleTypeDefinition? definition = null;
        if (request["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type) || type.Length == 0)
        {
            errors.Add(new ValidationError("type", "Required property is missing or not a string."));
            type = string.Empty;
        }
        else
        {
            definition = FindAllowedDefinition(type, "type", context, errors);
        }

        if (request["data"] is not JsonObject data)
        {
            errors.Add(new ValidationError("data", "Required property is missing or not an object."));
            return new ModuleValidationResult([], errors);
        }

        if (definition is not null)
        {
            ModuleDefinitionValidator.Validate(definition, data, "data", context, errors);
            CheckWebhookEvent(type, data, "data", errors);
        }

        if (errors.Count != 0)
        {
            return new ModuleValidationResult([], errors);
        }

        var resolved = new I18nResolver(context.Translations).Resolve(data);
        resolved["key"] = key;
        return new ModuleValidationResult([new ModuleEntry(type, key, resolved)], []);
    }

    private ModuleTypeDefinition? FindAllowedDefinition(string type, string path, ModuleValidationContext context, List<ValidationError> errors)
    {
        if (!catalog.TryGet(type, out var definition))
        {
            errors.Add(new ValidationError(path, $"Module type {type} is not known. Known types: {string.Join(", ", KnownTypes(context.ProductType))}."));
            return null;
        }

        if (!policy.IsAllowed(context.ProductType, type))
        {
            errors.Add(new ValidationError(path, $"Module type {type} cannot be registered dynamically in {context.ProductType}"));
            return null;
        }

        return definition;
    }

    // The types this tenant's product can register dynamically, or every catalog type when the product has no list.
    private IEnumerable<string> KnownTypes(string productType) =>
        catalog.Types.Where(type => productType.Length == 0 || policy.IsAllowed(productType, type)).Order(StringComparer.Ordinal);

    private void CheckWebhookEvent(string type, JsonObject module, string path, List<ValidationError> errors)
    {
        if (type != "webhooks" || module["event"] is not JsonValue value || !value.TryGetValue<string>(out var name) || _webhookEvents.Contains(name))
        {
            return;
        }

        errors.Add(new ValidationError(JsonPath.Property(path, "event"),
            $"Unknown webhook event '{name}'. Known events: {string.Join(", ", _webhookEvents.Order(StringComparer.Ordinal))}."));
    }

    private static ModuleValidationResult Failed(ValidationError error) => new([], [error]);
}
