namespace AutoAssign.Rules;

/// <summary>Assign new or updated issues of <paramref name="ProjectKey"/> with <paramref name="Priority"/> to <paramref name="Assignee"/>.</summary>
/// <param name="ModuleKey">The key of the dynamic trigger that feeds the rule.</param>
/// <param name="ClientKey">The tenant.</param>
/// <param name="ProjectKey">The project key.</param>
/// <param name="Priority">The priority name.</param>
/// <param name="Assignee">Who gets the issues.</param>
public sealed record Rule(string ModuleKey, string ClientKey, string ProjectKey, string Priority, string Assignee);
