using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Apps.Forge;
using DynamicModules.Filters;
using DynamicModules.Modules;

namespace DynamicModules.Migration;

/// <summary>
/// Plans the conversion of an installation's Connect dynamic modules to Forge modules (DESIGN §4.6; every mapping,
/// its source and what stays is in docs/connect-to-forge-migration.md). Pure: reads nothing but its arguments. Every
/// converted definition has passed the installation's own Forge validation; a module whose conversion would not
/// stays Connect with the validator's words as the reason.
/// </summary>
public static class ForgeMigrationPlanner
{
    /// <summary>One plan per module, in the order given; new keys are unique across the plans and the taken keys.</summary>
    public static IReadOnlyList<ModuleMigrationPlan> Plan(IReadOnlyList<ConnectModuleToMigrate> modules, MigrationPlanContext context)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(context);
        var planning = new Planning(context, modules.Select(m => m.Key).ToHashSet(StringComparer.Ordinal));
        return [.. modules.Select(planning.PlanOne)];
    }

    /// <summary>A module's conversion before validation and key choice.</summary>
    private sealed record Conversion(string ForgeType, JsonObject Data, DerivedForgeEndpoint? Endpoint);

    /// <param name="context">What the planner knows about the installation.</param>
    /// <param name="connectKeys">The keys of every module offered: a generated key must not take one of them from its module.</param>
    private sealed class Planning(MigrationPlanContext context, HashSet<string> connectKeys)
    {
        private readonly HashSet<string> usedKeys = new(context.TakenForgeKeys, StringComparer.Ordinal);
        private readonly Dictionary<string, DerivedForgeEndpoint> derivedByRoute = new(StringComparer.Ordinal);
        private readonly ModuleRequestValidator validator = new(ModuleCatalog.Default, context.TypePolicy, context.Events);

        public ModuleMigrationPlan PlanOne(ConnectModuleToMigrate module)
        {
            if (module.Definition.ValueKind != JsonValueKind.Object || JsonNode.Parse(module.Definition.GetRawText()) is not JsonObject definition)
            {
                return ModuleMigrationPlan.Stays(module.Key, module.Type, "The stored definition is not a JSON object.");
            }

            var outcome = Convert(module.Type, module.Key, definition);
            if (outcome.Reason is { } reason)
            {
                return ModuleMigrationPlan.Stays(module.Key, module.Type, reason);
            }

            var conversion = outcome.Conversion!;
            if (!context.TypePolicy.IsAllowed(context.ProductType, conversion.ForgeType))
            {
                return ModuleMigrationPlan.Stays(module.Key, module.Type,
                    $"{conversion.ForgeType} modules cannot be registered dynamically in {context.ProductType}.");
            }

            var newKey = ChooseKey(module.Key);
            var errors = Validate(conversion, newKey);
            if (errors is not null)
            {
                return ModuleMigrationPlan.Stays(module.Key, module.Type, $"The converted {conversion.ForgeType} module would not validate: {errors}");
            }

            usedKeys.Add(newKey);
            if (conversion.Endpoint is { } endpoint)
            {
                derivedByRoute.TryAdd(endpoint.Route, endpoint);
            }

            return new ModuleMigrationPlan(module.Key, module.Type, conversion.ForgeType, newKey, conversion.Data, null, conversion.Endpoint);
        }

        private (Conversion? Conversion, string? Reason) Convert(string type, string key, JsonObject definition) => type switch
        {
            "webhooks" => Webhook(definition),
            "webItems" => WebItem(key, definition),
            "webPanels" => WebPanel(key, definition),
            "webSections" => (null, "Forge has no web section module: Forge modules place themselves in the product's own menus and panels, so there is nothing to group them under."),
            "dynamicContentMacros" or "staticContentMacros" => Macro(key, type, definition),
            "jiraIssueFields" => IssueField(definition),
            "jiraEntityProperties" => EntityProperty(definition),
            "jiraIssueContexts" => IssueContext(key, definition),
            _ => (null, $"There is no Forge module for Connect {type} modules here."),
        };

        // ---- webhooks → trigger

        private (Conversion?, string?) Webhook(JsonObject definition)
        {
            var connectEvent = Text(definition, "event") ?? string.Empty;
            var productPrefix = $"avi:{context.ProductType}:";
            var forgeEvent = context.Events.Types
                .Where(t => string.Equals(t.ConnectName, connectEvent, StringComparison.Ordinal) && t.ForgeName.StartsWith(productPrefix, StringComparison.Ordinal))
                .Select(t => t.ForgeName)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
            if (forgeEvent is null)
            {
                return (null, $"No Forge event of the event catalog is published as the Connect event '{connectEvent}' in {context.ProductType}.");
            }

            if (Bool(definition, "excludeBody"))
            {
                return (null, "The webhook sets excludeBody: Forge triggers always receive the event, so a body-less delivery has no Forge form.");
            }

            if (definition["propertyKeys"] is JsonArray { Count: > 0 })
            {
                return (null, "The webhook asks for entity properties (propertyKeys) in its payload; Forge's payload.include.propertyPaths "
                    + "adds them under another member, so the app's handler would read them elsewhere.");
            }

            JsonObject? filter = null;
            if (Text(definition, "filter") is { Length: > 0 } jql && !string.IsNullOrWhiteSpace(jql))
            {
                var translation = JqlToExpression.Translate(jql);
                if (translation.Expression is null)
                {
                    return (null, translation.Reason);
                }

                // Connect webhooks skip an event whose filter fails; IGNORE_AND_LOG is the same for a trigger.
                filter = new JsonObject { ["expression"] = translation.Expression, ["onError"] = "IGNORE_AND_LOG" };
            }

            var url = Text(definition, "url") ?? string.Empty;
            var (endpointKey, derived, reason) = Target(url);
            if (reason is not null)
            {
                return (null, reason);
            }

            var data = new JsonObject { ["events"] = new JsonArray(forgeEvent), ["endpoint"] = endpointKey };
            if (filter is not null)
            {
                data["filter"] = filter;
            }

            CarryVisibility(definition, data);
            return (new Conversion("trigger", data, derived), null);
        }

        /// <summary>
        /// DESIGN §4.6: the manifest endpoint whose remote base URL and route give the webhook's URL, else an endpoint
        /// derived on <c>app.connect.remote</c> with the URL as route.
        /// </summary>
        private (string? Key, DerivedForgeEndpoint? Derived, string? Reason) Target(string url)
        {
            if (url.Contains('{', StringComparison.Ordinal))
            {
                return (null, null, $"The webhook url '{url}' has context variables; a Forge endpoint route is a fixed path.");
            }

            if (url.Contains('?', StringComparison.Ordinal) || url.Contains('#', StringComparison.Ordinal))
            {
                return (null, null, $"The webhook url '{url}' has a query or fragment; a Forge endpoint route is a path only.");
            }

            if (!AppRelativeUrl.TryValidate(url, out var invalid))
            {
                // The rule manifest routes follow too (route.path is read as an app-relative URL).
                return (null, null, $"The webhook url '{url}' cannot be an endpoint route: {invalid}");
            }

            var baseUrl = context.EffectiveConnectBaseUrl;
            if (baseUrl is not null)
            {
                var absolute = AppRelativeUrl.Join(baseUrl, url);
                var declared = context.Manifest.Endpoints.Keys
                    .Where(key => string.Equals(context.Manifest.EndpointUrl(key), absolute, StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .FirstOrDefault();
                if (declared is not null)
                {
                    return (declared, null, null);
                }
            }

            if (context.Manifest.ConnectRemote is not { } remote || !context.Manifest.Remotes.ContainsKey(remote))
            {
                return (null, null, $"No manifest endpoint serves the webhook url '{url}', and the manifest names no app.connect.remote to derive one on.");
            }

            if (derivedByRoute.TryGetValue(url, out var existing))
            {
                return (existing.Key, existing, null);
            }

            var endpoint = new DerivedForgeEndpoint(DerivedEndpointKey(url), remote, url);
            return (endpoint.Key, endpoint, null);
        }

        /// <summary>
        /// <c>connect-</c> and the route's letters and digits joined by '-': deterministic, readable, and distinct from
        /// every manifest endpoint key and every other derived route (a numeric suffix settles clashes).
        /// </summary>
        private string DerivedEndpointKey(string route)
        {
            var slug = string.Join('-', new string([.. route.Select(c => char.IsAsciiLetterOrDigit(c) ? c : ' ')])
                .Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var stem = ("connect-" + slug).TrimEnd('-');
            stem = stem.Length > 90 ? stem[..90].TrimEnd('-') : stem;
            var taken = context.Manifest.Endpoints.Keys.Concat(derivedByRoute.Values.Select(e => e.Key)).ToHashSet(StringComparer.Ordinal);
            var key = stem;
            for (var n = 2; taken.Contains(key); n++)
            {
                key = $"{stem}-{n}";
            }

            return key;
        }

        // ---- UI modules

        private (Conversion?, string?) WebItem(string key, JsonObject definition)
        {
            var location = Text(definition, "location") ?? string.Empty;
            var forgeType = (context.ProductType, location) switch
            {
                ("jira", "operations-top-level" or "operations-work" or "operations-operations" or "operations-subtasks"
                    or "operations-attachments" or "operations-voteswatchers" or "operations-delete") => "jira:issueAction",
                ("confluence", "system.content.byline") => "confluence:contentBylineItem",
                _ => null,
            };
            if (forgeType is null)
            {
                return (null, $"No Forge module of this service's catalog takes the place of a web item at '{location}' in {context.ProductType}.");
            }

            if (NeedsResource(key, "web item") is { } missing)
            {
                return (null, missing);
            }

            var data = UserInterface(key, definition);
            if (forgeType == "confluence:contentBylineItem")
            {
                CopyIcon(definition, data);
                if (I18nText(definition, "tooltip") is { } tooltip)
                {
                    data["tooltip"] = tooltip;
                }
            }

            CarryVisibility(definition, data);
            return (new Conversion(forgeType, data, null), null);
        }

        private (Conversion?, string?) WebPanel(string key, JsonObject definition)
        {
            var location = Text(definition, "location") ?? string.Empty;
            if (context.ProductType != "jira" || location is not ("atl.jira.view.issue.left.context" or "atl.jira.view.issue.right.context"))
            {
                return (null, $"No Forge module of this service's catalog takes the place of a web panel at '{location}' in {context.ProductType}.");
            }

            if (location == "atl.jira.view.issue.left.context")
            {
                return (null, "jira:issuePanel needs an icon, which a Connect web panel does not have; add the panel to the manifest with its icon instead.");
            }

            if (NeedsResource(key, "web panel") is { } missing)
            {
                return (null, missing);
            }

            var data = UserInterface(key, definition);
            CarryVisibility(definition, data);
            return (new Conversion("jira:issueContext", data, null), null);
        }

        private (Conversion?, string?) IssueContext(string key, JsonObject definition)
        {
            if (NeedsResource(key, "issue context") is { } missing)
            {
                return (null, missing);
            }

            var data = UserInterface(key, definition);
            if (definition["content"] is JsonObject content && I18nText(content, "label") is { } label)
            {
                data["label"] = label;
            }

            CopyIcon(definition, data);
            CarryVisibility(definition, data);
            return (new Conversion("jira:issueContext", data, null), null);
        }

        private (Conversion?, string?) Macro(string key, string type, JsonObject definition)
        {
            if (definition["parameters"] is JsonArray { Count: > 0 })
            {
                return (null, "The macro has parameters; a Forge macro's configuration is a UI the app renders (config), which its parameters cannot be turned into.");
            }

            if (definition["editor"] is not null)
            {
                return (null, "The macro has a custom editor at a Connect URL; a Forge macro's configuration UI is a bundled resource.");
            }

            var bodyType = Text(definition, "bodyType")?.ToLowerInvariant();
            if (bodyType == "plain-text")
            {
                return (null, "The macro has a plain-text body; Forge macros have only rich-text bodies (layout: bodied).");
            }

            if (NeedsResource(key, type == "dynamicContentMacros" ? "dynamic content macro" : "static content macro") is { } missing)
            {
                return (null, missing);
            }

            var data = UserInterface(key, definition);
            if (I18nText(definition, "description") is { } description)
            {
                data["description"] = description;
            }

            CopyIcon(definition, data);
            if (definition["categories"] is JsonArray categories)
            {
                data["categories"] = categories.DeepClone();
            }

            var layout = bodyType == "rich-text" ? "bodied" : Text(definition, "outputType")?.ToLowerInvariant() == "inline" ? "inline" : null;
            if (layout is not null)
            {
                data["layout"] = layout;
            }

            CarryVisibility(definition, data);
            return (new Conversion("macro", data, null), null);
        }

        private string? NeedsResource(string key, string what) => context.ResourceKeys.Contains(key)
            ? null
            : $"Forge UI modules render a resource bundled with the app, not a Connect URL: declare a resource with the key '{key}' "
                + $"(the {what}'s Forge UI) in the manifest to convert it.";

        /// <summary>The members every converted UI module has: the resource of the module's key and the title.</summary>
        private static JsonObject UserInterface(string key, JsonObject definition) =>
            new() { ["resource"] = key, ["title"] = I18nText(definition, "name") ?? key };

        private void CopyIcon(JsonObject definition, JsonObject data)
        {
            if (definition["icon"] is JsonObject icon && Text(icon, "url") is { } url && AbsoluteUrl(url) is { } absolute)
            {
                data["icon"] = absolute;
            }
        }

        /// <summary>An icon URL as Forge needs it: absolute; a Connect app-relative URL is joined with the Connect base URL.</summary>
        private string? AbsoluteUrl(string url)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            {
                return url;
            }

            return context.EffectiveConnectBaseUrl is { } baseUrl && AppRelativeUrl.TryValidate(url, out _) ? AppRelativeUrl.Join(baseUrl, url) : null;
        }

        // ---- Jira data modules

        private static (Conversion?, string?) IssueField(JsonObject definition)
        {
            if (definition["extractions"] is JsonArray { Count: > 0 })
            {
                return (null, "The field has search extractions; Forge custom fields index their value by type, so the extractions have no Forge form.");
            }

            if (definition["template"] is not null)
            {
                return (null, "The field renders through a Connect template URL; a Forge custom field view is a bundled resource.");
            }

            var connectType = Text(definition, "type")?.ToLowerInvariant();
            var data = new JsonObject { ["name"] = I18nText(definition, "name") ?? string.Empty };
            if (I18nText(definition, "description") is { } description)
            {
                data["description"] = description;
            }

            switch (connectType)
            {
                case "string" or "number" or "user":
                    data["type"] = connectType;
                    break;
                case "read_only":
                    var propertyType = definition["property"] is JsonObject property ? Text(property, "type")?.ToLowerInvariant() ?? "string" : null;
                    if (propertyType is null)
                    {
                        return (null, "The read-only field names no entity property to read its value from.");
                    }

                    data["type"] = propertyType;
                    data["readOnly"] = true;
                    break;
                default:
                    return (null, $"Connect {connectType} issue fields have no Forge custom field type of the same behaviour (options, rich text and multi-line text need the app's own view).");
            }

            // Atlassian's adoption guide: the replacement keeps the key and says so, so Jira maps the field's data.
            data["migratedFromConnect"] = true;
            CarryVisibility(definition, data);
            return (new Conversion("jira:customField", data, null), null);
        }

        private static (Conversion?, string?) EntityProperty(JsonObject definition)
        {
            if (definition["keyConfigurations"] is not JsonArray { Count: 1 } configurations || configurations[0] is not JsonObject configuration)
            {
                return (null, "The module indexes several property keys; a Forge jira:entityProperty indexes one, so it would take several modules.");
            }

            var values = new JsonArray();
            foreach (var extraction in configuration["extractions"] as JsonArray ?? [])
            {
                if (extraction is not JsonObject e)
                {
                    continue;
                }

                var value = new JsonObject { ["path"] = Text(e, "objectName"), ["type"] = Text(e, "type")?.ToLowerInvariant() };
                if (Text(e, "alias") is { } alias)
                {
                    value["searchAlias"] = alias;
                }

                values.Add(value);
            }

            var data = new JsonObject { ["propertyKey"] = Text(configuration, "propertyKey"), ["values"] = values };
            if (Text(definition, "entityType") is { } entityType)
            {
                data["entityType"] = entityType.ToLowerInvariant();
            }

            CarryVisibility(definition, data);
            return (new Conversion("jira:entityProperty", data, null), null);
        }

        // ---- keys and validation

        /// <summary>
        /// The old key when Forge accepts it and no Forge module has it; else the first of <c>key-forge</c>,
        /// <c>key-forge-2</c>, ... that no Forge module and no other Connect module of the plan has.
        /// </summary>
        private string ChooseKey(string key)
        {
            if (ModuleKeys.IsValid(key) && !usedKeys.Contains(key))
            {
                return key;
            }

            bool Free(string candidate) => !usedKeys.Contains(candidate) && !connectKeys.Contains(candidate);

            var stem = new string([.. key.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '-')]);
            stem = stem.Length > ModuleKeys.MaxLength - 10 ? stem[..(ModuleKeys.MaxLength - 10)] : stem;
            stem = (stem.Length == 0 ? "module" : stem) + "-forge";
            var candidate = stem;
            for (var n = 2; !Free(candidate); n++)
            {
                candidate = $"{stem}-{n}";
            }

            return candidate;
        }

        private string? Validate(Conversion conversion, string key)
        {
            var endpoints = new HashSet<string>(context.Validation?.EndpointKeys ?? context.Manifest.Endpoints.Keys.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
            endpoints.UnionWith(derivedByRoute.Values.Select(e => e.Key));
            if (conversion.Endpoint is { } derived)
            {
                endpoints.Add(derived.Key);
            }

            var baseline = context.Validation;
            var validation = new ModuleValidationContext
            {
                AppKey = baseline?.AppKey ?? context.Manifest.AppKey,
                ProductType = context.ProductType,
                Scopes = baseline?.Scopes ?? new HashSet<string> { "READ" },
                FunctionKeys = baseline?.FunctionKeys ?? new HashSet<string>(),
                FunctionRefusal = baseline is null ? ForgeManifestParser.FunctionRefusal : baseline.FunctionRefusal,
                EndpointKeys = endpoints,
                ResourceKeys = baseline?.ResourceKeys ?? context.ResourceKeys,
                Translations = baseline?.Translations ?? new Dictionary<string, IReadOnlyDictionary<string, string>>(),
                CheckFilter = baseline?.CheckFilter ?? ((language, source) => FilterCompiler.Compile(language, source).Errors),
            };
            var result = validator.ValidateForge(new JsonObject { ["type"] = conversion.ForgeType, ["data"] = conversion.Data.DeepClone() }, key, validation);
            return result.Errors.Count == 0 ? null : string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}"));
        }

        // ---- small readers

        private static void CarryVisibility(JsonObject definition, JsonObject data)
        {
            // DESIGN §4.8: visibility is the service's own member of every module type, so it carries over as is.
            if (definition["visibility"] is { } visibility)
            {
                data["visibility"] = visibility.DeepClone();
            }
        }

        private static string? Text(JsonObject obj, string name) =>
            obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

        private static bool Bool(JsonObject obj, string name) =>
            obj[name] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

        /// <summary>An i18n property's text (<c>{"value": "...", "i18n": "key"}</c>, already resolved at registration) or a plain string.</summary>
        private static string? I18nText(JsonObject obj, string name) => obj[name] switch
        {
            JsonObject i18n => Text(i18n, "value"),
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            _ => null,
        };
    }
}
