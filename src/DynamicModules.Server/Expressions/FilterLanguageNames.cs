using DynamicModules.Filters;

namespace DynamicModules.Server.Expressions;

/// <summary>The wire names of the filter languages: <c>expression</c> (trigger filters) and <c>jql</c> (webhook filters).</summary>
public static class FilterLanguageNames
{
    /// <summary>The Jira-expression subset.</summary>
    public const string Expression = "expression";

    /// <summary>The JQL subset.</summary>
    public const string Jql = "jql";

    /// <summary>The language named <paramref name="name"/>, in any letter case.</summary>
    public static bool TryParse(string? name, out FilterLanguage language)
    {
        language = FilterLanguage.Expression;
        if (string.Equals(name, Expression, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        language = FilterLanguage.Jql;
        return string.Equals(name, Jql, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The wire name of <paramref name="language"/>.</summary>
    public static string Of(FilterLanguage language) => language == FilterLanguage.Jql ? Jql : Expression;
}
