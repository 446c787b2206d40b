using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DynamicModules.Filters;
using DynamicModules.Modules;

namespace DynamicModules.Apps.Forge;

/// <summary>
/// Validates a Forge <c>manifest.yml</c> (read into JSON by <see cref="ManifestDocumentReader"/>) and turns it into
/// the <see cref="AppDescriptor"/> the rest of the service runs on, with <see cref="AppDescriptor.Forge"/> set.
/// Every problem is reported with its path in the manifest (<c>app.id</c>, <c>modules.endpoint[0].remote</c>).
/// Static modules of catalog types are validated like dynamic ones; <c>function</c>s are refused, since they would
/// need the Forge runtime: a manifest app's back end is its remotes, reached through <c>endpoint</c>s.
/// </summary>
public static partial class ForgeManifestParser
{
    /// <summary>What a manifest app is told when it names or declares a <c>function</c>.</summary>
    public const string FunctionRefusal =
        "Forge functions need the Forge runtime, which this service does not run: declare an endpoint (modules.endpoint, "
        + "with a remote and route.path) on one of the app's remotes and name it with 'endpoint' instead of 'function'.";

    /// <summary>Longest endpoint, remote and resource key Forge accepts.</summary>
    public const int MaxDeclarationKeyLength = 23;

    private const string FunctionType = "function";
    private const string EndpointType = "endpoint";

    private static readonly HashSet<string> Sections = new(StringComparer.Ordinal)
    {
        "app", "modules", "permissions", "remotes", "resources", "providers", "connectModules", "translations", "services",
    };

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal) { "storage", "compute", "fetch", "other" };

    /// <summary>
    /// True when a stored document is a Forge manifest rather than a Connect descriptor: it has an <c>app</c> section
    /// and no top-level <c>key</c>, which every descriptor has and no accepted manifest may have.
    /// </summary>
    public static bool IsManifest(JsonNode? document) =>
        document is JsonObject root && root.ContainsKey("app") && !root.ContainsKey("key");

    /// <summary>Parses <paramref name="json"/>; returns the descriptor, or null and the errors.</summary>
    /// <param name="json">The manifest as JSON.</param>
    /// <param name="checkFilter">Checks filters of static triggers; null skips those checks.</param>
    /// <param name="catalog">The module catalog; <see cref="ModuleCatalog.Default"/> when null.</param>
    public static (AppDescriptor? Descriptor, IReadOnlyList<ValidationError> Errors) Parse(
        JsonNode? json,
        Func<FilterLanguage, string, IReadOnlyList<FilterError>>? checkFilter = null,
        ModuleCatalog? catalog = null)
    {
        if (json is not JsonObject root)
        {
            return (null, [new ValidationError(string.Empty, "The manifest must be an object (a mapping of sections such as app and modules).")]);
        }

        var errors = new List<ValidationError>();
        foreach (var (name, _) in root)
        {
            if (!Sections.Contains(name))
            {
                errors.Add(new ValidationError(name, $"Not a manifest section; the sections are: {string.Join(", ", Sections)}."));
            }
        }

        var remotes = ReadRemotes(root, errors);
        var app = ReadApp(root, remotes, errors);
        var forgeScopes = ReadScopes(root, errors);
        var scopes = ForgeScopes.ToCatalogScopes(forgeScopes);
        var resources = ReadResources(root, errors);
        foreach (var section in (string[])["providers", "connectModules", "translations", "services"])
        {
            if (root[section] is not null and not JsonObject and not JsonArray)
            {
                errors.Add(new ValidationError(section, "Must be a mapping or a list."));
            }
        }

        var modules = root["modules"] switch
        {
            null => [],
            JsonObject obj => obj,
            _ => null,
        };
        if (modules is null)
        {
            errors.Add(new ValidationError("modules", "Must be a mapping keyed by module type."));
            modules = [];
        }

        if (modules[FunctionType] is not null)
        {
            errors.Add(new ValidationError($"modules.{FunctionType}", FunctionRefusal));
        }

        var keyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        var endpoints = ReadEndpoints(modules, remotes, keyPaths, errors);
        var context = new ModuleValidationContext
        {
            AppKey = app?.AppKey ?? string.Empty,
            Scopes = scopes,
            FunctionRefusal = FunctionRefusal,
            EndpointKeys = endpoints.Keys.ToHashSet(StringComparer.Ordinal),
            ResourceKeys = resources.Keys.ToHashSet(StringComparer.Ordinal),
            CheckFilter = checkFilter,
        };
        var staticModules = AppDescriptorParser.ReadStaticModules(modules, catalog ?? ModuleCatalog.Default, context, keyPaths, errors);

        if (remotes.Count == 0 && !errors.Exists(error => error.Path.StartsWith("remotes", StringComparison.Ordinal)))
        {
            errors.Add(new ValidationError("remotes",
                "A manifest app needs at least one remote: this service runs no Forge functions, so the app's back end is a remote it calls."));
        }

        if (errors.Count != 0 || app is null)
        {
            return (null, errors);
        }

        var manifest = new ForgeManifest
        {
            AppId = app.AppId,
            AppUuid = app.AppUuid,
            ConnectKey = app.ConnectKey,
            ConnectRemote = app.ConnectRemote,
            Remotes = remotes,
            Endpoints = endpoints,
            Scopes = forgeScopes,
        };
        var home = manifest.ConnectRemote ?? remotes.Keys.First();
        return (new AppDescriptor
        {
            Key = manifest.AppKey,
            Name = app.Name,
            BaseUrl = remotes[home].BaseUrl,
            // An adopted Connect app keeps verifying the Connect JWT of its webhook deliveries; a pure Forge app has no shared secret to check one with.
            AuthenticationType = manifest.ConnectKey is null ? "none" : "jwt",
            Scopes = scopes,
            StaticModules = staticModules,
            // The Forge Remote contract reads endpoints, remotes and the app id from here, for manifests and descriptors alike.
            Endpoints = endpoints.Values.ToDictionary(
                e => e.Key, e => new AppDescriptorEndpoint(e.Key, e.RoutePath, e.Remote, e.Auth.AppSystemToken, e.Auth.AppUserToken), StringComparer.Ordinal),
            AppId = manifest.AppId,
            Remotes = remotes.Values.ToDictionary(r => r.Key, r => r.BaseUrl, StringComparer.Ordinal),
            Resources = resources,
            Raw = (JsonObject)root.DeepClone(),
            Forge = manifest,
        }, []);
    }

    private sealed record AppSection(string AppId, string AppUuid, string? ConnectKey, string? ConnectRemote, string? Name)
    {
        public string AppKey => ConnectKey ?? AppUuid;
    }

    private static AppSection? ReadApp(JsonObject root, Dictionary<string, ForgeRemote> remotes, List<ValidationError> errors)
    {
        if (root["app"] is not JsonObject app)
        {
            errors.Add(new ValidationError("app", root["app"] is null
                ? "Required section is missing: app, with the app's id (ari:cloud:ecosystem::app/<uuid>)."
                : "Must be a mapping with the app's id."));
            return null;
        }

        var before = errors.Count;
        var id = AppDescriptorParser.ReadRequiredString(app, "id", "app.id", errors);
        string? uuid = null;
        if (id is not null)
        {
            var match = AppIdRegex().Match(id);
            if (match.Success)
            {
                uuid = match.Groups["uuid"].Value.ToLowerInvariant();
            }
            else
            {
                errors.Add(new ValidationError("app.id", $"Must be {ForgeManifest.AppIdPrefix}<uuid>, the id Forge gave the app."));
            }
        }

        var name = AppDescriptorParser.ReadOptionalString(app, "name", errors, "app.name");
        string? connectKey = null;
        string? connectRemote = null;
        switch (app["connect"])
        {
            case null:
                break;
            case JsonObject connect:
                connectKey = AppDescriptorParser.ReadAppKey(connect, "key", "app.connect.key", errors);
                connectRemote = AppDescriptorParser.ReadOptionalString(connect, "remote", errors, "app.connect.remote");
                if (connectRemote is not null && !remotes.ContainsKey(connectRemote))
                {
                    errors.Add(new ValidationError("app.connect.remote", $"Remote '{connectRemote}' is not declared in remotes."));
                }

                break;
            default:
                errors.Add(new ValidationError("app.connect", "Must be a mapping like {key: <Connect app key>, remote: <remote key>}."));
                break;
        }

        return errors.Count == before && uuid is not null ? new AppSection(ForgeManifest.AppIdPrefix + uuid, uuid, connectKey, connectRemote, name) : null;
    }

    private static Dictionary<string, ForgeRemote> ReadRemotes(JsonObject root, List<ValidationError> errors)
    {
        var remotes = new Dictionary<string, ForgeRemote>(StringComparer.Ordinal);
        if (root["remotes"] is null)
        {
            return remotes;
        }

        if (root["remotes"] is not JsonArray)
        {
            errors.Add(new ValidationError("remotes", "Must be a list of {key, baseUrl} mappings."));
            return remotes;
        }

        var keyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, remote) in ModuleList.Read(root["remotes"], "remotes", errors))
        {
            var key = ReadForgeKey(remote, path, keyPaths, errors);
            var baseUrl = remote["baseUrl"] switch
            {
                JsonObject regional => ReadRegionalBaseUrl(regional, JsonPath.Property(path, "baseUrl"), errors),
                _ => AppDescriptorParser.ReadBaseUrl(remote, "baseUrl", JsonPath.Property(path, "baseUrl"), errors),
            };
            ReadOperations(remote, JsonPath.Property(path, "operations"), errors);
            if (key is not null && baseUrl is not null)
            {
                remotes[key] = new ForgeRemote(key, baseUrl);
            }
        }

        return remotes;
    }

    // Region-specific base URLs: one service deployment is one region, so requests go to baseUrl.default.
    private static string? ReadRegionalBaseUrl(JsonObject regional, string path, List<ValidationError> errors)
    {
        string? chosen = null;
        foreach (var (region, _) in regional)
        {
            var url = AppDescriptorParser.ReadBaseUrl(regional, region, JsonPath.Property(path, region), errors);
            if (region == "default")
            {
                chosen = url;
            }
        }

        if (!regional.ContainsKey("default"))
        {
            errors.Add(new ValidationError(JsonPath.Property(path, "default"), "Required when baseUrl gives region-specific URLs."));
        }

        return chosen;
    }

    private static void ReadOperations(JsonObject remote, string path, List<ValidationError> errors)
    {
        switch (remote["operations"])
        {
            case null:
                return;
            case JsonArray operations:
                for (var i = 0; i < operations.Count; i++)
                {
                    if (operations[i] is not JsonValue value || !value.TryGetValue<string>(out var operation) || !Operations.Contains(operation))
                    {
                        errors.Add(new ValidationError(JsonPath.Index(path, i), $"Must be one of: {string.Join(", ", Operations)}."));
                    }
                }

                return;
            default:
                errors.Add(new ValidationError(path, "Must be a list."));
                return;
        }
    }

    private static Dictionary<string, ForgeEndpoint> ReadEndpoints(
        JsonObject modules, Dictionary<string, ForgeRemote> remotes, Dictionary<string, string> keyPaths, List<ValidationError> errors)
    {
        var endpoints = new Dictionary<string, ForgeEndpoint>(StringComparer.Ordinal);
        if (modules[EndpointType] is null)
        {
            return endpoints;
        }

        foreach (var (path, endpoint) in ModuleList.Read(modules[EndpointType], $"modules.{EndpointType}", errors))
        {
            var key = ReadForgeKey(endpoint, path, keyPaths, errors);
            var remote = AppDescriptorParser.ReadRequiredString(endpoint, "remote", JsonPath.Property(path, "remote"), errors);
            if (remote is not null && !remotes.ContainsKey(remote))
            {
                errors.Add(new ValidationError(JsonPath.Property(path, "remote"), $"Remote '{remote}' is not declared in remotes."));
            }

            var routePath = endpoint["route"] switch
            {
                null => "/",
                JsonObject route => AppDescriptorParser.ReadAppRelativeUrl(route, "path", JsonPath.Property(path, "route.path"), required: true, errors),
                _ => Refuse(errors, JsonPath.Property(path, "route"), "Must be a mapping like {path: /events}."),
            };
            var auth = ReadAuth(endpoint, JsonPath.Property(path, "auth"), errors);
            if (key is not null && remote is not null && routePath is not null && auth is not null)
            {
                endpoints[key] = new ForgeEndpoint(key, remote, routePath, auth);
            }
        }

        return endpoints;
    }

    private static ForgeEndpointAuth? ReadAuth(JsonObject endpoint, string path, List<ValidationError> errors)
    {
        switch (endpoint["auth"])
        {
            case null:
                return ForgeEndpointAuth.None;
            case JsonObject auth:
                var before = errors.Count;
                foreach (var (name, _) in auth)
                {
                    if (name is not ("appSystemToken" or "appUserToken"))
                    {
                        errors.Add(new ValidationError(JsonPath.Property(path, name), "Not an auth option; the options are appSystemToken and appUserToken."));
                    }
                }

                var system = ReadTokenOption(auth, "appSystemToken", path, errors);
                var user = ReadTokenOption(auth, "appUserToken", path, errors);
                return errors.Count == before ? new ForgeEndpointAuth(system, user) : null;
            default:
                errors.Add(new ValidationError(path, "Must be a mapping like {appSystemToken: true}."));
                return null;
        }
    }

    // Forge's reference writes each option as {enabled: true}; its remote guides write plain true. Both mean the same.
    private static bool ReadTokenOption(JsonObject auth, string name, string path, List<ValidationError> errors)
    {
        var optionPath = JsonPath.Property(path, name);
        switch (auth[name])
        {
            case null:
                return false;
            case JsonValue value when value.TryGetValue<bool>(out var enabled):
                return enabled;
            case JsonObject option when option.Count == 1 && option["enabled"] is JsonValue flag && flag.TryGetValue<bool>(out var enabled):
                return enabled;
            default:
                errors.Add(new ValidationError(optionPath, "Must be true, false or {enabled: true|false}."));
                return false;
        }
    }

    private static List<string> ReadScopes(JsonObject root, List<ValidationError> errors)
    {
        var scopes = new List<string>();
        switch (root["permissions"])
        {
            case null:
                return scopes;
            case JsonObject permissions:
                switch (permissions["scopes"])
                {
                    case null:
                        return scopes;
                    case JsonArray array when array.Count > ForgeScopes.MaxCount:
                        errors.Add(new ValidationError("permissions.scopes", $"At most {ForgeScopes.MaxCount} scopes."));
                        return scopes;
                    case JsonArray array:
                        for (var i = 0; i < array.Count; i++)
                        {
                            if (array[i] is JsonValue value && value.TryGetValue<string>(out var scope) && ScopeRegex().IsMatch(scope))
                            {
                                scopes.Add(scope);
                            }
                            else
                            {
                                errors.Add(new ValidationError($"permissions.scopes[{i}]",
                                    $"Must be a Forge scope name such as read:jira-work (letters, digits, ':', '.', '-', '_'; at most {ForgeScopes.MaxLength} characters)."));
                            }
                        }

                        return scopes;
                    default:
                        errors.Add(new ValidationError("permissions.scopes", "Must be a list of scope names."));
                        return scopes;
                }

            default:
                errors.Add(new ValidationError("permissions", "Must be a mapping like {scopes: [read:jira-work]}."));
                return scopes;
        }
    }

    // Forge resources point at files bundled with the app; the host renders them, so the path is kept as written.
    private static Dictionary<string, AppDescriptorResource> ReadResources(JsonObject root, List<ValidationError> errors)
    {
        var resources = new Dictionary<string, AppDescriptorResource>(StringComparer.Ordinal);
        if (root["resources"] is null)
        {
            return resources;
        }

        if (root["resources"] is not JsonArray)
        {
            errors.Add(new ValidationError("resources", "Must be a list of {key, path} mappings."));
            return resources;
        }

        var keyPaths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (path, resource) in ModuleList.Read(root["resources"], "resources", errors))
        {
            var key = ReadForgeKey(resource, path, keyPaths, errors);
            var resourcePath = AppDescriptorParser.ReadRequiredString(resource, "path", JsonPath.Property(path, "path"), errors);
            if (resourcePath is not null && (resourcePath.Length > AppRelativeUrl.MaxLength || resourcePath.Any(char.IsControl)))
            {
                errors.Add(new ValidationError(JsonPath.Property(path, "path"), $"Must be at most {AppRelativeUrl.MaxLength} characters, without control characters."));
                resourcePath = null;
            }

            if (key is not null && resourcePath is not null)
            {
                resources[key] = new AppDescriptorResource(key, resourcePath);
            }
        }

        return resources;
    }

    // Endpoint, remote and resource keys follow Forge's own rule, which allows '_' and stops at 23 characters.
    private static string? ReadForgeKey(JsonObject declaration, string path, Dictionary<string, string> keyPaths, List<ValidationError> errors)
    {
        var keyPath = JsonPath.Property(path, "key");
        var key = AppDescriptorParser.ReadRequiredString(declaration, "key", keyPath, errors);
        if (key is null)
        {
            return null;
        }

        if (key.Length > MaxDeclarationKeyLength || !ForgeKeyRegex().IsMatch(key))
        {
            errors.Add(new ValidationError(keyPath, $"Must match ^[a-zA-Z0-9_-]+$ and be at most {MaxDeclarationKeyLength} characters."));
            return null;
        }

        return AppDescriptorParser.AddKey(key, keyPath, keyPaths, errors) ? key : null;
    }

    private static string? Refuse(List<ValidationError> errors, string path, string message)
    {
        errors.Add(new ValidationError(path, message));
        return null;
    }

    [GeneratedRegex(@"^ari:cloud:ecosystem::app/(?<uuid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\z", RegexOptions.CultureInvariant)]
    private static partial Regex AppIdRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9_-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ForgeKeyRegex();

    [GeneratedRegex(@"^[a-zA-Z0-9:._-]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ScopeRegex();
}
