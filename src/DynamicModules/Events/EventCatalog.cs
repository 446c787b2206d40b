using System.Diagnostics.CodeAnalysis;

namespace DynamicModules.Events;

/// <summary>
/// The events the host may publish, by Forge name, each mapped to its Connect webhook name so that one publish
/// reaches both <c>trigger</c> and <c>webhooks</c> subscribers (DESIGN §4.4). Built-in Jira and Confluence core
/// events plus whatever the <c>DynamicModules:Events</c> configuration adds.
/// </summary>
public sealed class EventCatalog
{
    /// <summary>The scope every built-in event needs: the Connect scope for reading product data.</summary>
    public const string ReadScope = "READ";

    private readonly Dictionary<string, EventType> _byForgeName;

    /// <summary>Creates a catalog; a later type with the same Forge name replaces an earlier one.</summary>
    public EventCatalog(IEnumerable<EventType> types)
    {
        _byForgeName = new Dictionary<string, EventType>(StringComparer.Ordinal);
        foreach (var type in types)
        {
            _byForgeName[type.ForgeName] = type;
        }
    }

    /// <summary>The built-in Jira and Confluence core events (specs/forge-triggers-expressions.md §2.2, connect.md §4.5).</summary>
    public static IReadOnlyList<EventType> BuiltIn { get; } =
    [
        Jira("avi:jira:created:issue", "jira:issue_created"),
        Jira("avi:jira:updated:issue", "jira:issue_updated"),
        Jira("avi:jira:deleted:issue", "jira:issue_deleted"),
        // Jira also publishes updated:issue for an assignment; mapping both to issue_updated would deliver twice.
        Jira("avi:jira:assigned:issue", null),
        Jira("avi:jira:viewed:issue", null),
        Jira("avi:jira:mentioned:issue", null),
        Jira("avi:jira:commented:issue", "comment_created"),
        Jira("avi:jira:mentioned:comment", null),
        Jira("avi:jira:deleted:comment", "comment_deleted"),
        Jira("avi:jira:created:issuelink", "issuelink_created"),
        Jira("avi:jira:deleted:issuelink", "issuelink_deleted"),
        Jira("avi:jira:created:worklog", "worklog_created"),
        Jira("avi:jira:updated:worklog", "worklog_updated"),
        Jira("avi:jira:deleted:worklog", "worklog_deleted"),
        Jira("avi:jira:created:attachment", "attachment_created"),
        Jira("avi:jira:deleted:attachment", "attachment_deleted"),
        Jira("avi:jira:created:project", "project_created"),
        Jira("avi:jira:updated:project", "project_updated"),
        Jira("avi:jira:deleted:project", "project_deleted"),
        Jira("avi:jira:archived:project", "project_archived"),
        Jira("avi:jira:restored:project", "project_restored"),
        Jira("avi:jira:created:version", "jira:version_created"),
        Jira("avi:jira:updated:version", "jira:version_updated"),
        Jira("avi:jira:deleted:version", "jira:version_deleted"),
        Jira("avi:jira:released:version", "jira:version_released"),
        Jira("avi:jira:created:component", "component_created"),
        Jira("avi:jira:updated:component", "component_updated"),
        Jira("avi:jira:deleted:component", "component_deleted"),
        Jira("avi:jira:created:user", "user_created"),
        Jira("avi:jira:updated:user", "user_updated"),
        Jira("avi:jira:deleted:user", "user_deleted"),
        Confluence("avi:confluence:created:page", "page_created"),
        Confluence("avi:confluence:updated:page", "page_updated"),
        Confluence("avi:confluence:viewed:page", "page_viewed"),
        Confluence("avi:confluence:moved:page", "page_moved"),
        Confluence("avi:confluence:trashed:page", "page_trashed"),
        Confluence("avi:confluence:restored:page", "page_restored"),
        Confluence("avi:confluence:deleted:page", "page_removed"),
        Confluence("avi:confluence:created:blogpost", "blog_created"),
        Confluence("avi:confluence:updated:blogpost", "blog_updated"),
        Confluence("avi:confluence:trashed:blogpost", "blog_trashed"),
        Confluence("avi:confluence:deleted:blogpost", "blog_removed"),
        Confluence("avi:confluence:created:comment", "comment_created"),
        Confluence("avi:confluence:updated:comment", "comment_updated"),
        Confluence("avi:confluence:deleted:comment", "comment_removed"),
        Confluence("avi:confluence:created:attachment", "attachment_created"),
        Confluence("avi:confluence:updated:attachment", "attachment_updated"),
        Confluence("avi:confluence:deleted:attachment", "attachment_removed"),
        Confluence("avi:confluence:created:space", "space_created"),
        Confluence("avi:confluence:updated:space", "space_updated"),
        Confluence("avi:confluence:deleted:space", "space_removed"),
    ];

    /// <summary>The built-in events only.</summary>
    public static EventCatalog Default { get; } = new(BuiltIn);

    /// <summary>Every known event type.</summary>
    public IReadOnlyCollection<EventType> Types => _byForgeName.Values;

    /// <summary>The built-in catalog extended (or overridden by Forge name) by configured entries.</summary>
    /// <exception cref="ArgumentException">When an entry has no Forge name.</exception>
    public static EventCatalog WithSettings(IEnumerable<EventTypeSetting>? settings)
    {
        var extra = (settings ?? []).Select((setting, index) => string.IsNullOrWhiteSpace(setting.ForgeName)
            ? throw new ArgumentException($"DynamicModules:Events:{index}: forgeName is required.", nameof(settings))
            : new EventType(setting.ForgeName.Trim(), string.IsNullOrWhiteSpace(setting.ConnectName) ? null : setting.ConnectName.Trim(),
                string.IsNullOrWhiteSpace(setting.Scope) ? ReadScope : setting.Scope.Trim().ToUpperInvariant()));
        return new EventCatalog([.. BuiltIn, .. extra]);
    }

    /// <summary>Finds an event type by its Forge name (case-sensitive, as Forge names are).</summary>
    public bool TryGet(string forgeName, [MaybeNullWhen(false)] out EventType type) => _byForgeName.TryGetValue(forgeName, out type);

    private static EventType Jira(string forgeName, string? connectName) => new(forgeName, connectName, ReadScope);

    private static EventType Confluence(string forgeName, string? connectName) => new(forgeName, connectName, ReadScope);
}
