using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DynamicModules.Filters;
using DynamicModules.Modules;

namespace DynamicModules.Apps;

/// <summary>
/// Parses and validates an app descriptor (specs/connect.md §3.1), reporting every problem with its
/// JSON path. Modules of catalog types are validated fully (the dynamic-type policy does not apply to
/// static modules); modules of other types only get the key rule, since real descriptors use many
/// types this service does not model. Module keys must be unique across the whole descriptor.
/// </summary>
public static partial class AppDescriptorParser
{
    /// <summary>Longest accepted app key.</summary>
    public const int MaxKeyLength = 64;

    private const string FunctionType = "function";
    private const string EndpointType = "endpoint";

    /// <summary>Parses <paramref name="json"/>; returns the descriptor, or null and the errors.</summary>
    /// <param name="json">The descriptor JSON.</param>
    /// <param name="checkFilter">Checks filters of static webhooks and triggers; null skips those checks.</param>
    /// <param name="catalog">The module catalog; <see cref="ModuleCatalog.Default"/> when null.</param>
    public static (AppDescriptor? Descriptor, IReadOnlyList<ValidationError> Errors) Parse(
        JsonNode? json,
        Func<FilterLanguage, string, IReadOnlyList<FilterError>>? checkFilter = null,
        ModuleCatalog? catalog = null)
    {
        if (json is not JsonObject root)
        {
            return (null, [new ValidationError(string.Empty, "The descriptor must be a JSON object.")]);
        }

        var errors = new List<ValidationError>();
        var key = ReadAppKey(root, errors);
        var name = ReadOptionalString(root, "name", errors);
        var baseUrl = ReadBaseUrl(root, errors);
        var authenticationType = ReadAuthenticationType(root, errors);
        var lifecycle = ReadLifecycle(root, errors);
        RequireInstalledForJwt(root, authenticationType, lifecycle, errors);
        var scopes = ReadScopes(root, errors);
        var apiMigrations = ReadApiMigrations(root, errors);
        var translationPaths = ReadTranslationPaths(root, errors);
        var resources = ReadResources(root, errors);

        var modules = root["modules"] switch
        {
            null => [],
            JsonObject obj => obj,
            _ => null,
        };
        if (modules is null)
        {
            errors.Add(new ValidationError("modules", "Must be an object keyed by module type."));
            modules = [];
        }

        var keyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        var functions = ReadFunctions(modules, keyPaths, errors);
        var endpoints = ReadEndpoints(modules, keyPaths, errors);
        var context = new ModuleValidationContext
        {
            AppKey = key ?? string.Empty,
            Scopes = scopes,
            FunctionKeys = functions.Keys.ToHashSet(StringComparer.Ordinal),
            EndpointKeys = endpoints.Keys.ToHashSet(StringComparer.Ordinal),
            ResourceKeys = resources.Keys.ToHashSet(StringComparer.Ordinal),
            CheckFilter = checkFilter,
        };
        var staticModules = ReadStaticModules(modules, catalog ?? ModuleCatalog.Default, context, keyPaths, errors);

        if (errors.Count != 0)
        {
            return (null, errors);
        }

        return (new AppDescriptor
        {
            Key = key!,
            Name = name,
            BaseUrl = baseUrl!,
            AuthenticationType = authenticationType,
            Lifecycle = lifecycle,
            Scopes = scopes,
            ApiMigrations = apiMigrations,
            TranslationPaths = translationPaths,
            StaticModules = staticModules,
            Functions = functions,
            Endpoints = endpoints,
            Resources = resources,
            Raw = (JsonObject)root.DeepClone(),
        }, []);
    }

    private static string? ReadAppKey(JsonObject root, List<ValidationError> errors) => ReadAppKey(root, "key", "key", errors);

    /// <summary>Reads a required Connect app key (at most <see cref="MaxKeyLength"/> characters of <c>[a-zA-Z0-9-._]</c>).</summary>
    internal static string? ReadAppKey(JsonObject obj, string name, string path, List<ValidationError> errors)
    {
        var key = ReadRequiredString(obj, name, path, errors);
        if (key is null)
        {
            return null;
        }

        if (key.Length > MaxKeyLength)
        {
            errors.Add(new ValidationError(path, $"Must be at most {MaxKeyLength} characters."));
            return null;
        }

        if (!AppKeyRegex().IsMatch(key))
        {
            errors.Add(new ValidationError(path, "Must match ^[a-zA-Z0-9-._]+$ (letters, digits, '-', '.' and '_')."));
            return null;
        }

        return key;
    }

    private static string? ReadBaseUrl(JsonObject root, List<ValidationError> errors) =>
        ReadBaseUrl(root, "baseUrl", "baseUrl", errors);

    /// <summary>Reads an absolute http(s) base URL without query, fragment or user-info; returned without trailing <c>/</c>.</summary>
    internal static string? ReadBaseUrl(JsonObject obj, string name, string path, List<ValidationError> errors)
    {
        var text = ReadRequiredString(obj, name, path, errors);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || text.Any(char.IsControl) || text.Contains('\\', StringComparison.Ordinal))
        {
            errors.Add(new ValidationError(path, "Must be an absolute http or https URL."));
            return null;
        }

        // Everything we call is baseUrl + path, so a query, fragment or user-info would end up in the middle of it.
        if (text.Contains('?', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal) || uri.UserInfo.Length != 0)
        {
            errors.Add(new ValidationError(path, "Must not have a query, fragment or user-info."));
            return null;
        }

        return text.TrimEnd('/');
    }

    private static string ReadAuthenticationType(JsonObject root, List<ValidationError> errors)
    {
        switch (root["authentication"])
        {
            case null:
                return "jwt";
            case JsonObject authentication:
                var type = ReadOptionalString(authentication, "type", errors, "authentication.type");
                if (type is null)
                {
                    return "jwt";
                }

                if (type.Equals("jwt", StringComparison.OrdinalIgnoreCase) || type.Equals("none", StringComparison.OrdinalIgnoreCase))
                {
                    return type.ToLowerInvariant();
                }

                errors.Add(new ValidationError("authentication.type", "Must be one of: jwt, none."));
                return "jwt";
            default:
                errors.Add(new ValidationError("authentication", "Must be an object."));
                return "jwt";
        }
    }

    // The shared secret reaches a JWT app only in the installed callback; without one it could never sign a call.
    // Descriptors that leave authentication out are not held to this (the unit fixtures rely on the jwt default).
    private static void RequireInstalledForJwt(JsonObject root, string authenticationType, AppDescriptorLifecycle lifecycle, List<ValidationError> errors)
    {
        if (authenticationType == "jwt" && root["authentication"] is JsonObject && lifecycle.Installed is null
            && !errors.Exists(error => error.Path.StartsWith("lifecycle", StringComparison.Ordinal)))
        {
            errors.Add(new ValidationError("lifecycle.installed",
                "Required for an app with authentication.type 'jwt': the shared secret is sent only in the installed callback, so without one the app could never learn it and sign its calls."));
        }
    }

    private static AppDescriptorLifecycle ReadLifecycle(JsonObject root, List<ValidationError> errors)
    {
        if (root["lifecycle"] is null)
        {
            return new AppDescriptorLifecycle(null, null, null, null);
        }

        if (root["lifecycle"] is not JsonObject lifecycle)
        {
            errors.Add(new ValidationError("lifecycle", "Must be an object."));
            return new AppDescriptorLifecycle(null, null, null, null);
        }

        string? Path(string name) => ReadAppRelativeUrl(lifecycle, name, $"lifecycle.{name}", required: false, errors);
        return new AppDescriptorLifecycle(Path("installed"), Path("uninstalled"), Path("enabled"), Path("disabled"));
    }

    private static HashSet<string> ReadScopes(JsonObject root, List<ValidationError> errors)
    {
        var scopes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        switch (root["scopes"])
        {
            case null:
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var scope) && AppDescriptor.KnownScopes.Contains(scope))
                    {
                        scopes.Add(scope.ToUpperInvariant());
                    }
                    else
                    {
                        errors.Add(new ValidationError($"scopes[{i}]", $"Must be one of: {string.Join(", ", AppDescriptor.KnownScopes)}."));
                    }
                }

                break;
            default:
                errors.Add(new ValidationError("scopes", "Must be an array of scope names."));
                break;
        }

        return scopes;
    }

    private static JsonObject ReadApiMigrations(JsonObject root, List<ValidationError> errors)
    {
        switch (root["apiMigrations"])
        {
            case null:
                return [];
            case JsonObject migrations:
                return (JsonObject)migrations.DeepClone();
            default:
                errors.Add(new ValidationError("apiMigrations", "Must be an object."));
                return [];
        }
    }

    private static Dictionary<string, string> ReadTranslationPaths(JsonObject root, List<ValidationError> errors)
    {
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root["translations"] is null)
        {
            return paths;
        }

        if (root["translations"] is not JsonObject translations)
        {
            errors.Add(new ValidationError("translations", "Must be an object like {\"paths\": {\"en-US\": \"/i18n/en.json\"}}."));
            return paths;
        }

        if (translations["paths"] is null)
        {
            return paths;
        }

        if (translations["paths"] is not JsonObject byLocale)
        {
            errors.Add(new ValidationError("translations.paths", "Must be an object mapping locales to paths."));
            return paths;
        }

        foreach (var (locale, _) in byLocale)
        {
            if (ReadAppRelativeUrl(byLocale, locale, $"translations.paths.{locale}", required: true, errors) is { } path)
            {
                paths[locale] = path;
            }
        }

        return paths;
    }

    private static Dictionary<string, AppDescriptorResource> ReadResources(JsonObject root, List<ValidationError> errors)
    {
        var resources = new Dictionary<string, AppDescriptorResource>(StringComparer.Ordinal);
        var keyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root["resources"] is null)
        {
            return resources;
        }

        if (root["resources"] is not JsonArray)
        {
            errors.Add(new ValidationError("resources", "Must be an array of {\"key\", \"path\"} objects."));
            return resources;
        }

        foreach (var (path, resource) in ModuleList.Read(root["resources"], "resources", errors))
        {
            var key = ReadDeclarationKey(resource, path, keyPaths, errors);
            var resourcePath = ReadAppRelativeUrl(resource, "path", $"{path}.path", required: true, errors);
            if (key is not null && resourcePath is not null)
            {
                resources[key] = new AppDescriptorResource(key, resourcePath);
            }
        }

        return resources;
    }

    private static Dictionary<string, AppDescriptorFunction> ReadFunctions(
        JsonObject modules, Dictionary<string, string> keyPaths, List<ValidationError> errors)
    {
        var functions = new Dictionary<string, AppDescriptorFunction>(StringComparer.Ordinal);
        if (modules[FunctionType] is null)
        {
            return functions;
        }

        foreach (var (path, function) in ModuleList.Read(modules[FunctionType], $"modules.{FunctionType}", errors))
        {
            var key = ReadDeclarationKey(function, path, keyPaths, errors);
            var handler = ReadOptionalString(function, "handler", errors, $"{path}.handler");
            var url = ReadAppRelativeUrl(function, "url", $"{path}.url", required: false, errors);
            if (key is not null)
            {
                functions[key] = new AppDescriptorFunction(key, handler, url);
            }
        }

        return functions;
    }

    private static Dictionary<string, AppDescriptorEndpoint> ReadEndpoints(
        JsonObject modules, Dictionary<string, string> keyPaths, List<ValidationError> errors)
    {
        var endpoints = new Dictionary<string, AppDescriptorEndpoint>(StringComparer.Ordinal);
        if (modules[EndpointType] is null)
        {
            return endpoints;
        }

        foreach (var (path, endpoint) in ModuleList.Read(modules[EndpointType], $"modules.{EndpointType}", errors))
        {
            var key = ReadDeclarationKey(endpoint, path, keyPaths, errors);
            string? routePath = null;
            if (endpoint["route"] is JsonObject route)
            {
                routePath = ReadAppRelativeUrl(route, "path", $"{path}.route.path", required: true, errors);
            }
            else
            {
                errors.Add(new ValidationError($"{path}.route", "Required object {\"path\": \"/...\"} is missing."));
            }

            var auth = endpoint["auth"] as JsonObject;
            if (endpoint["auth"] is not null and not JsonObject)
            {
                errors.Add(new ValidationError($"{path}.auth", "Must be an object {\"appSystemToken\": ..., \"appUserToken\": ...}."));
            }

            var systemToken = ReadTokenSwitch(auth, "appSystemToken", $"{path}.auth.appSystemToken", errors);
            var userToken = ReadTokenSwitch(auth, "appUserToken", $"{path}.auth.appUserToken", errors);
            var remote = ReadOptionalString(endpoint, "remote", errors, $"{path}.remote");
            if (key is not null && routePath is not null)
            {
                endpoints[key] = new AppDescriptorEndpoint(key, routePath, remote, systemToken, userToken);
            }
        }

        return endpoints;
    }

    // The manifest allows both forms: `appSystemToken: true` and `appSystemToken: {enabled: true}`.
    private static bool ReadTokenSwitch(JsonObject? auth, string name, string path, List<ValidationError> errors)
    {
        switch (auth?[name])
        {
            case null:
                return false;
            case JsonValue value when value.TryGetValue<bool>(out var on):
                return on;
            case JsonObject switchObject when switchObject["enabled"] is null:
                return false;
            case JsonObject switchObject when switchObject["enabled"] is JsonValue enabled && enabled.TryGetValue<bool>(out var on):
                return on;
            default:
                errors.Add(new ValidationError(path, "Must be true, false or {\"enabled\": true|false}."));
                return false;
        }
    }

    internal static Dictionary<string, IReadOnlyList<ModuleEntry>> ReadStaticModules(
        JsonObject modules, ModuleCatalog catalog, ModuleValidationContext context,
        Dictionary<string, string> keyPaths, List<ValidationError> errors)
    {
        var staticModules = new Dictionary<string, IReadOnlyList<ModuleEntry>>(StringComparer.Ordinal);
        foreach (var (type, value) in modules)
        {
            if (type is FunctionType or EndpointType)
            {
                continue;
            }

            var entries = new List<ModuleEntry>();
            catalog.TryGet(type, out var definition);
            foreach (var (path, module) in ModuleList.Read(value, $"modules.{type}", errors))
            {
                var copy = (JsonObject)module.DeepClone();
                var before = errors.Count;
                // In a descriptor every module needs a key, Forge types included; only webhooks can generate one.
                ModuleKeys.Validate(copy, path, optional: definition?.GenerateKey is not null, errors);
                if (definition is not null)
                {
                    ModuleDefinitionValidator.Validate(definition, copy, path, context, errors);
                }

                if (errors.Count != before)
                {
                    continue;
                }

                var key = definition is null ? copy["key"]!.GetValue<string>() : ModuleKeys.EnsureKey(definition, copy)!;
                if (AddKey(key, JsonPath.Property(path, "key"), keyPaths, errors))
                {
                    entries.Add(new ModuleEntry(type, key, copy));
                }
            }

            staticModules[type] = entries;
        }

        return staticModules;
    }

    internal static string? ReadDeclarationKey(JsonObject declaration, string path, Dictionary<string, string> keyPaths, List<ValidationError> errors)
    {
        var before = errors.Count;
        ModuleKeys.Validate(declaration, path, optional: false, errors);
        if (errors.Count != before)
        {
            return null;
        }

        var key = declaration["key"]!.GetValue<string>();
        return AddKey(key, JsonPath.Property(path, "key"), keyPaths, errors) ? key : null;
    }

    internal static bool AddKey(string key, string keyPath, Dictionary<string, string> keyPaths, List<ValidationError> errors)
    {
        if (keyPaths.TryGetValue(key, out var firstPath))
        {
            errors.Add(new ValidationError(keyPath, $"Duplicate module key '{key}' (also at {firstPath})."));
            return false;
        }

        keyPaths.Add(key, keyPath);
        return true;
    }

    internal static string? ReadAppRelativeUrl(JsonObject obj, string name, string path, bool required, List<ValidationError> errors)
    {
        var text = required ? ReadRequiredString(obj, name, path, errors) : ReadOptionalString(obj, name, errors, path);
        if (text is null)
        {
            return null;
        }

        if (!AppRelativeUrl.TryValidate(text, out var error))
        {
            errors.Add(new ValidationError(path, error));
            return null;
        }

        return text;
    }

    internal static string? ReadRequiredString(JsonObject obj, string name, string path, List<ValidationError> errors)
    {
        switch (obj[name])
        {
            case null:
                errors.Add(new ValidationError(path, "Required property is missing."));
                return null;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Length > 0:
                return text;
            default:
                errors.Add(new ValidationError(path, "Must be a non-empty string."));
                return null;
        }
    }

    internal static string? ReadOptionalString(JsonObject obj, string name, List<ValidationError> errors, string? path = null)
    {
        switch (obj[name])
        {
            case null:
                return null;
            case JsonValue value when value.TryGetValue<string>(out var text):
                return text;
            default:
                errors.Add(new ValidationError(path ?? name, "Must be a string."));
                return null;
        }
    }

    [GeneratedRegex(@"^[a-zA-Z0-9\-._]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex AppKeyRegex();
}
