using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Filters;
using DynamicModules.Visibility;

namespace DynamicModules.Modules;

/// <summary>
/// The one generic validator behind every module type: walks a <see cref="ModuleTypeDefinition"/>'s
/// property specs over a module and reports every violation with its path, never stopping at the first.
/// </summary>
internal static class ModuleDefinitionValidator
{
    public const int I18nValueMaxLength = 1500;
    public const int I18nKeyMaxLength = 300;

    /// <summary>Validates the properties, rules and scope needs of <paramref name="module"/>; the key is checked by <see cref="ModuleKeys"/>.</summary>
    public static void Validate(
        ModuleTypeDefinition definition, JsonObject module, string path, ModuleValidationContext context, List<ValidationError> errors)
    {
        ValidateObject(definition.Properties, definition.Rules, module, path, context, errors);
        // Every type of both dialects may say who sees it (DESIGN §4.8), so it is checked here rather than per type.
        if (module[ModuleVisibility.Property] is { } visibility)
        {
            VisibilityValidator.Validate(visibility, JsonPath.Property(path, ModuleVisibility.Property), errors);
        }
        foreach (var scope in definition.RequiredScopes)
        {
            if (!context.Scopes.Contains(scope))
            {
                errors.Add(new ValidationError(path, $"Module type {definition.Type} needs the {scope} scope, which the app does not declare."));
            }
        }
    }

    private static void ValidateObject(
        IReadOnlyList<PropertySpec> specs, IReadOnlyList<ObjectRule> rules, JsonObject obj, string path,
        ModuleValidationContext context, List<ValidationError> errors)
    {
        foreach (var spec in specs)
        {
            // The path is built only for a property that is there or missing: a type has many optional properties a module leaves out.
            var node = obj[spec.Name];
            if (node is null)
            {
                if (spec.IsRequired)
                {
                    errors.Add(new ValidationError(JsonPath.Property(path, spec.Name), "Required property is missing."));
                }

                continue;
            }

            ValidateValue(spec, node, JsonPath.Property(path, spec.Name), context, errors);
        }

        foreach (var rule in rules)
        {
            if (rule.Check(obj) is { } message)
            {
                errors.Add(new ValidationError(path, message));
            }
        }
    }

    private static void ValidateValue(
        PropertySpec spec, JsonNode node, string path, ModuleValidationContext context, List<ValidationError> errors)
    {
        switch (spec.Kind)
        {
            case PropertyKind.Any:
                return;
            case PropertyKind.String:
                if (ReadString(spec, node, path, errors) is { } text && spec.AllowedValues.Count > 0)
                {
                    var comparison = spec.AllowedValuesIgnoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
                    if (!spec.AllowedValues.Any(allowed => string.Equals(allowed, text, comparison)))
                    {
                        errors.Add(new ValidationError(path, $"Must be one of: {string.Join(", ", spec.AllowedValues)}."));
                    }
                }

                return;
            case PropertyKind.Boolean:
                if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(new ValidationError(path, "Must be a boolean."));
                }

                return;
            case PropertyKind.Integer:
                ValidateInteger(spec, node, path, errors);
                return;
            case PropertyKind.Array:
                ValidateArray(spec, node, path, context, errors);
                return;
            case PropertyKind.Object:
                if (node is JsonObject obj)
                {
                    ValidateObject(spec.Properties, spec.Rules, obj, path, context, errors);
                }
                else
                {
                    errors.Add(new ValidationError(path, "Must be an object."));
                }

                return;
            case PropertyKind.I18n:
                ValidateI18n(node, path, errors);
                return;
            case PropertyKind.UiUrl:
                if (ReadString(spec, node, path, errors) is { } uiUrl && !UiUrl.TryValidate(uiUrl, out var uiError))
                {
                    errors.Add(new ValidationError(path, uiError));
                }

                return;
            case PropertyKind.AppRelativeUrl:
                if (ReadString(spec, node, path, errors) is { } appUrl && !AppRelativeUrl.TryValidate(appUrl, out var appError))
                {
                    errors.Add(new ValidationError(path, appError));
                }

                return;
            case PropertyKind.FilterExpression:
                ValidateFilter(FilterLanguage.Expression, spec, node, path, context, errors);
                return;
            case PropertyKind.Jql:
                ValidateFilter(FilterLanguage.Jql, spec, node, path, context, errors);
                return;
            case PropertyKind.FunctionReference when context.FunctionRefusal is not null:
                errors.Add(new ValidationError(path, context.FunctionRefusal));
                return;
            case PropertyKind.FunctionReference:
                ValidateReference("Function", context.FunctionKeys, spec, node, path, errors);
                return;
            case PropertyKind.EndpointReference:
                ValidateReference("Endpoint", context.EndpointKeys, spec, node, path, errors);
                return;
            case PropertyKind.ResourceReference:
                ValidateReference("Resource", context.ResourceKeys, spec, node, path, errors);
                return;
            case PropertyKind.Conditions:
                ValidateConditions(node, path, errors);
                return;
            default:
                throw new InvalidOperationException($"Unhandled property kind {spec.Kind}.");
        }
    }

    /// <summary>Returns the string, or null after reporting why it is not an acceptable one.</summary>
    private static string? ReadString(PropertySpec spec, JsonNode node, string path, List<ValidationError> errors)
    {
        if (node is not JsonValue value || !value.TryGetValue<string>(out var text))
        {
            errors.Add(new ValidationError(path, "Must be a string."));
            return null;
        }

        if (spec.IsRequired && text.Length == 0)
        {
            errors.Add(new ValidationError(path, "Must not be empty."));
            return null;
        }

        if (spec.MaxLength is { } max && text.Length > max)
        {
            errors.Add(new ValidationError(path, $"Must be at most {max} characters."));
            return null;
        }

        return text;
    }

    private static void ValidateInteger(PropertySpec spec, JsonNode node, string path, List<ValidationError> errors)
    {
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<long>(out var number))
        {
            errors.Add(new ValidationError(path, "Must be an integer."));
            return;
        }

        if ((spec.Minimum is { } min && number < min) || (spec.Maximum is { } max && number > max))
        {
            var range = (spec.Minimum, spec.Maximum) switch
            {
                ({ } low, { } high) => $"between {low} and {high}",
                ({ } low, null) => $"at least {low}",
                _ => $"at most {spec.Maximum}",
            };
            errors.Add(new ValidationError(path, $"Must be {range}."));
        }
    }

    private static void ValidateArray(
        PropertySpec spec, JsonNode node, string path, ModuleValidationContext context, List<ValidationError> errors)
    {
        if (node is not JsonArray array)
        {
            errors.Add(new ValidationError(path, "Must be an array."));
            return;
        }

        if (array.Count < spec.MinItems)
        {
            errors.Add(new ValidationError(path, spec.MinItems == 1 ? "Must not be empty." : $"Must have at least {spec.MinItems} items."));
        }

        if (spec.Items is null)
        {
            return;
        }

        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = JsonPath.Index(path, i);
            if (array[i] is { } item)
            {
                ValidateValue(spec.Items, item, itemPath, context, errors);
            }
            else
            {
                errors.Add(new ValidationError(itemPath, "Must not be null."));
            }
        }
    }

    private static void ValidateI18n(JsonNode node, string path, List<ValidationError> errors)
    {
        if (node is not JsonObject obj)
        {
            errors.Add(new ValidationError(path, "Must be an object like {\"value\": \"text\", \"i18n\": \"key\"}."));
            return;
        }

        var valuePath = JsonPath.Property(path, "value");
        switch (obj["value"])
        {
            case null:
                errors.Add(new ValidationError(valuePath, "Required property is missing."));
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                if (text.Length > I18nValueMaxLength)
                {
                    errors.Add(new ValidationError(valuePath, $"Must be at most {I18nValueMaxLength} characters."));
                }

                break;
            default:
                errors.Add(new ValidationError(valuePath, "Must be a string."));
                break;
        }

        var keyPath = JsonPath.Property(path, "i18n");
        switch (obj["i18n"])
        {
            case null:
                break;
            case JsonValue key when key.TryGetValue<string>(out var text):
                if (text.Length > I18nKeyMaxLength)
                {
                    errors.Add(new ValidationError(keyPath, $"Must be at most {I18nKeyMaxLength} characters."));
                }

                break;
            default:
                errors.Add(new ValidationError(keyPath, "Must be a string."));
                break;
        }
    }

    private static void ValidateFilter(
        FilterLanguage language, PropertySpec spec, JsonNode node, string path, ModuleValidationContext context, List<ValidationError> errors)
    {
        // An empty filter means "no filter"; Connect apps send "filter": "" for that.
        if (ReadString(spec, node, path, errors) is not { Length: > 0 } filter || context.CheckFilter is null)
        {
            return;
        }

        foreach (var problem in context.CheckFilter(language, filter))
        {
            errors.Add(new ValidationError(path, $"{problem.Message} (line {problem.Line}, column {problem.Column})"));
        }
    }

    private static void ValidateReference(
        string what, IReadOnlySet<string> declared, PropertySpec spec, JsonNode node, string path, List<ValidationError> errors)
    {
        if (ReadString(spec with { IsRequired = true }, node, path, errors) is { } key && !declared.Contains(key))
        {
            errors.Add(new ValidationError(path, $"{what} '{key}' is not declared in the app descriptor."));
        }
    }

    private static void ValidateConditions(JsonNode node, string path, List<ValidationError> errors)
    {
        if (node is not JsonArray conditions)
        {
            errors.Add(new ValidationError(path, "Must be an array of conditions."));
            return;
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            var itemPath = JsonPath.Index(path, i);
            if (conditions[i] is not JsonObject condition)
            {
                errors.Add(new ValidationError(itemPath, "Must be an object."));
                continue;
            }

            var group = condition["and"] is not null ? "and" : condition["or"] is not null ? "or" : null;
            if (group is not null)
            {
                ValidateConditions(condition[group]!, JsonPath.Property(itemPath, group), errors);
                continue;
            }

            if (condition["condition"] is not JsonValue name || !name.TryGetValue<string>(out var text) || text.Length == 0)
            {
                errors.Add(new ValidationError(JsonPath.Property(itemPath, "condition"), "Must be a condition name (or use 'and'/'or')."));
            }

            if (condition["invert"] is { } invert && invert.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                errors.Add(new ValidationError(JsonPath.Property(itemPath, "invert"), "Must be a boolean."));
            }

            if (condition["params"] is { } parameters && parameters is not JsonObject)
            {
                errors.Add(new ValidationError(JsonPath.Property(itemPath, "params"), "Must be an object."));
            }
        }
    }
}
