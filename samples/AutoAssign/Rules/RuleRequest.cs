using System.Text.RegularExpressions;

namespace AutoAssign.Rules;

/// <summary>Body of <c>POST /rules</c>.</summary>
/// <param name="ClientKey">The tenant the app is installed in.</param>
/// <param name="ProjectKey">The project key (letters, digits, underscore).</param>
/// <param name="Priority">The priority name (letters, digits, space, dash, underscore).</param>
/// <param name="Assignee">Who gets the issues.</param>
public sealed partial record RuleRequest(string? ClientKey, string? ProjectKey, string? Priority, string? Assignee)
{
    /// <summary>What is wrong with the request, or null. The keys become string literals of the trigger's filter, so
    /// they are limited to characters that need no escaping.</summary>
    public string? Problem() =>
        string.IsNullOrWhiteSpace(ClientKey) || ClientKey.Length > 200 ? "clientKey is required."
        : ProjectKey is null || !ProjectKeyPattern().IsMatch(ProjectKey) ? "projectKey must be 1 to 50 letters, digits or underscores."
        : Priority is null || !PriorityPattern().IsMatch(Priority) ? "priority must be 1 to 60 letters, digits, spaces, dashes or underscores."
        : string.IsNullOrWhiteSpace(Assignee) || Assignee.Length > 200 ? "assignee is required (at most 200 characters)."
        : null;

    [GeneratedRegex("^[A-Za-z0-9_]{1,50}$")]
    private static partial Regex ProjectKeyPattern();

    [GeneratedRegex("^[A-Za-z0-9_ -]{1,60}$")]
    private static partial Regex PriorityPattern();
}

/// <summary>Answer of <c>POST /rules</c>.</summary>
/// <param name="ModuleKey">The dynamic trigger's key; <c>DELETE /rules/{moduleKey}</c> removes it.</param>
public sealed record RuleCreated(string ModuleKey);
