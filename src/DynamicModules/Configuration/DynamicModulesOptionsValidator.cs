using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using DynamicModules.Events;
using DynamicModules.Modules;
using Microsoft.Extensions.Options;

namespace DynamicModules.Configuration;

/// <summary>
/// Checks <see cref="DynamicModulesOptions"/> as a whole: the annotated ranges, and the settings whose rules
/// span several values (URLs, the per-product type lists against the catalog, the event list). Every failure
/// names its configuration key, so a bad setting stops start-up with a message the operator can act on.
/// </summary>
public sealed partial class DynamicModulesOptionsValidator : IValidateOptions<DynamicModulesOptions>
{
    /// <summary>The shortest operator key accepted: a guessable key would open the whole operator API.</summary>
    public const int MinimumOperatorKeyLength = 16;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, DynamicModulesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        failures.AddRange(AnnotationFailures(options));
        failures.AddRange(PublicUrlFailures(options.PublicUrl));
        if (options.OperatorKey is { } key && (key.Trim().Length < MinimumOperatorKeyLength || key.Any(char.IsControl)))
        {
            failures.Add($"{DynamicModulesOptions.Section}:OperatorKey must be at least {MinimumOperatorKeyLength} printable characters.");
        }

        failures.AddRange(DynamicTypeFailures(options.DynamicTypes));
        failures.AddRange(EventFailures(options.Events));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> when <paramref name="options"/> is invalid.</summary>
    public static void ThrowIfInvalid(DynamicModulesOptions options)
    {
        var result = new DynamicModulesOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(DynamicModulesOptions), result.Failures);
        }
    }

    private static IEnumerable<string> AnnotationFailures(DynamicModulesOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(result =>
            $"{DynamicModulesOptions.Section}:{string.Join(',', result.MemberNames)}: {result.ErrorMessage}");
    }

    private static IEnumerable<string> PublicUrlFailures(string? publicUrl)
    {
        if (string.IsNullOrWhiteSpace(publicUrl))
        {
            yield break;
        }

        if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            yield return $"{DynamicModulesOptions.Section}:PublicUrl must be an absolute http or https URL without query or fragment, not '{publicUrl}'.";
        }
    }

    private static IEnumerable<string> DynamicTypeFailures(Dictionary<string, string[]> dynamicTypes)
    {
        foreach (var (product, types) in dynamicTypes)
        {
            if (!ProductName().IsMatch(product))
            {
                yield return $"{DynamicModulesOptions.Section}:DynamicTypes: '{product}' is not a product type ([a-z0-9-], 1–63 characters).";
            }

            foreach (var type in types.Where(type => !ModuleCatalog.Default.Types.Contains(type)))
            {
                yield return $"{DynamicModulesOptions.Section}:DynamicTypes:{product}: '{type}' is not a module type of the catalog.";
            }
        }
    }

    private static IEnumerable<string> EventFailures(List<EventTypeSetting> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            var setting = events[i];
            var prefix = $"{DynamicModulesOptions.Section}:Events:{i}";
            if (string.IsNullOrWhiteSpace(setting.ForgeName) || !EventName().IsMatch(setting.ForgeName))
            {
                yield return $"{prefix}:ForgeName must be an event name such as 'avi:jira:created:issue' (letters, digits and ':._-', up to 200 characters).";
            }

            if (!string.IsNullOrWhiteSpace(setting.ConnectName) && !EventName().IsMatch(setting.ConnectName))
            {
                yield return $"{prefix}:ConnectName must be a webhook event name such as 'jira:issue_created'.";
            }

            if (!string.IsNullOrWhiteSpace(setting.Scope) && !ScopeName().IsMatch(setting.Scope))
            {
                yield return $"{prefix}:Scope must be a scope name such as 'READ'.";
            }
        }
    }

    [GeneratedRegex("^[a-z0-9-]{1,63}$")]
    private static partial Regex ProductName();

    [GeneratedRegex("^[A-Za-z0-9:._-]{1,200}$")]
    private static partial Regex EventName();

    [GeneratedRegex("^[A-Za-z_]{1,64}$")]
    private static partial Regex ScopeName();
}
