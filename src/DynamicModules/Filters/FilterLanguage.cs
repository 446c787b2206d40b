namespace DynamicModules.Filters;

/// <summary>The language a trigger or webhook filter is written in.</summary>
public enum FilterLanguage
{
    /// <summary>The Jira-expression subset used by Forge <c>trigger</c> filters; the payload is the <c>event</c> variable.</summary>
    Expression,

    /// <summary>The JQL subset used by Connect <c>webhooks</c> filters; matched against the payload's <c>issue</c>.</summary>
    Jql,
}
