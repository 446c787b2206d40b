namespace AutoAssign.Assignments;

/// <summary>The assignment the app would make for one published event.</summary>
/// <param name="EventId">The published event's id.</param>
/// <param name="IssueKey">The issue.</param>
/// <param name="Assignee">Who the rule assigns it to.</param>
public sealed record Assignment(string EventId, string IssueKey, string Assignee);
