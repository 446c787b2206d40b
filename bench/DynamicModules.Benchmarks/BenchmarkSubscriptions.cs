using DynamicModules.Events;
using DynamicModules.Filters;
using DynamicModules.Modules;

namespace DynamicModules.Benchmarks;

/// <summary>The subscriptions of a benchmark tenant, shared by the matching benchmarks so that they measure the same mix.</summary>
internal static class BenchmarkSubscriptions
{
    /// <summary>Subscriptions per tenant.</summary>
    public const int PerTenant = 100;

    /// <summary>The event every matching benchmark publishes.</summary>
    public static readonly EventType Updated = new("avi:jira:updated:issue", "jira:issue_updated", EventCatalog.ReadScope);

    /// <summary>Trigger filters: the first two match the sample payload, the other three do not.</summary>
    private static readonly string[] TriggerFilters =
    [
        "event.issue.fields.issuetype.name == 'Bug'",
        "event.issue.fields.issuetype.name == 'Bug' && event.issue.fields.labels.includes('urgent') && event.issue.fields.priority.name != 'Low'",
        "event.issue.fields.issuetype.name == 'Story'",
        "event.issue.fields.labels.includes('customer') && event.issue.fields.priority.name == 'Low'",
        "event.issue.fields.status.name == 'Done' || event.issue.fields.assignee?.accountId == 'nobody'",
    ];

    /// <summary>
    /// A tenant's 100 subscriptions. Filters repeat across tenants (the same apps are installed in many tenants), so
    /// the shared <see cref="FilterCache"/> holds a few hundred compilations, not 50,000.
    /// </summary>
    public static TenantSubscriptions Build(long tenant, long version, FilterCache filters)
    {
        var scopes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { EventCatalog.ReadScope };
        var entries = new List<(Subscription, IReadOnlyCollection<string>)>(PerTenant);
        for (var i = 0; i < PerTenant; i++)
        {
            var installation = tenant * 10 + i % 10;
            var app = "app-" + (i % 10);
            switch (i % 4)
            {
                case 0:
                    // Triggers: every other one matches the sample (an urgent High Bug in PROJ); their filters read different paths.
                    var expression = TriggerFilters[i % 8 == 0 ? i / 8 % 2 : 2 + i / 8 % 3];
                    entries.Add((new Subscription(installation, app, $"trigger-{i}", SubscriptionKind.Trigger, true, "https://app.example.com",
                        scopes, "/functions/run", filters.GetOrCompile(FilterLanguage.Expression, expression),
                        FilterErrorHandling.IgnoreAndLog, IgnoreSelf: true, ExcludeBody: false), [Updated.ForgeName]));
                    break;
                case 1:
                    var project = i % 8 == 1 ? "PROJ" : "P" + (tenant % 50);
                    entries.Add((new Subscription(installation, app, $"webhook-{i}", SubscriptionKind.Webhook, true, "https://app.example.com",
                        scopes, "/hooks/updated", filters.GetOrCompile(FilterLanguage.Jql, $"project = {project} AND issuetype = Bug"),
                        FilterErrorHandling.IgnoreAndLog, IgnoreSelf: false, ExcludeBody: false), [Updated.ConnectName!]));
                    break;
                default:
                    entries.Add((new Subscription(installation, app, $"other-{i}", SubscriptionKind.Webhook, false, "https://app.example.com",
                        scopes, "/hooks/other", null, FilterErrorHandling.IgnoreAndLog, IgnoreSelf: false, ExcludeBody: false),
                        [i % 4 == 2 ? "jira:issue_created" : "comment_created"]));
                    break;
            }
        }

        return new TenantSubscriptions(version, entries);
    }
}
