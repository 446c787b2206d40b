using System.Collections.Concurrent;
using System.Text.Json;
using DynamicModules.Changes;
using DynamicModules.Configuration;
using DynamicModules.Events;
using DynamicModules.Filters;
using DynamicModules.Modules;
using DynamicModules.Storage;
using Microsoft.Extensions.Options;

namespace DynamicModules.Tests.Events;

/// <summary>
/// The subscription index holds at most its configured number of tenants, drops the least recently matched first,
/// rebuilds a dropped tenant on its next event (which then matches as before), and still follows module changes.
/// </summary>
public class SubscriptionIndexEvictionTests
{
    private static readonly EventType Updated = new("avi:jira:updated:issue", "jira:issue_updated", EventCatalog.ReadScope);

    private readonly FilterCache filters = new();
    private readonly ConcurrentDictionary<long, int> loads = new();
    private readonly ConcurrentDictionary<long, string> projectOf = new();

    [Fact]
    public async Task IndexNeverHoldsMoreTenantsThanItsMaximum()
    {
        var index = NewIndex(maxTenants: 3);
        for (var tenant = 1; tenant <= 10; tenant++)
        {
            await index.GetAsync(tenant, 1, TestContext.Current.CancellationToken);
            index.CachedTenants.ShouldBeLessThanOrEqualTo(3);
        }

        index.CachedTenants.ShouldBe(3);
        loads.Values.ShouldAllBe(count => count == 1);
    }

    [Fact]
    public async Task LeastRecentlyMatchedTenantIsEvictedFirstAndReloadedOnDemand()
    {
        var index = NewIndex(maxTenants: 2);
        var token = TestContext.Current.CancellationToken;
        await index.GetAsync(1, 1, token);
        await index.GetAsync(2, 1, token);
        await index.GetAsync(1, 1, token);
        await index.GetAsync(3, 1, token);

        // Tenant 2 was used least recently: 1 is still held, 2 is loaded again.
        await index.GetAsync(1, 1, token);
        loads[1].ShouldBe(1);
        await index.GetAsync(2, 1, token);
        loads[2].ShouldBe(2);
        index.CachedTenants.ShouldBe(2);
    }

    [Fact]
    public async Task ReloadedTenantMatchesAsBeforeEviction()
    {
        var index = NewIndex(maxTenants: 1);
        var token = TestContext.Current.CancellationToken;
        projectOf[1] = "ONE";
        projectOf[2] = "TWO";
        Delivered(await index.GetAsync(1, 1, token), "ONE").ShouldBe(["trigger", "webhook"]);
        Delivered(await index.GetAsync(2, 1, token), "TWO").ShouldBe(["trigger", "webhook"]);

        var reloaded = await index.GetAsync(1, 1, token);
        loads[1].ShouldBe(2);
        Delivered(reloaded, "ONE").ShouldBe(["trigger", "webhook"]);
        Delivered(reloaded, "TWO").ShouldBeEmpty();
    }

    [Fact]
    public async Task ModuleChangesStillInvalidateTenantsThatWereEvictedAndReloaded()
    {
        var folder = Directory.CreateTempSubdirectory("dynmod-index-");
        try
        {
            await using var database = Database.ForSqlite(Path.Combine(folder.FullName, "changes.db"));
            var changes = new ModuleChangeLog(database, TimeProvider.System);
            var index = new SubscriptionIndex(Load, maxTenants: 1, changes);
            var token = TestContext.Current.CancellationToken;
            projectOf[1] = "OLD";
            await index.GetAsync(1, 1, token);
            await index.GetAsync(2, 1, token);
            var reloaded = await index.GetAsync(1, 1, token);
            Delivered(reloaded, "OLD").ShouldBe(["trigger", "webhook"]);

            // The tenant's modules change: the committed change drops the entry and the next event sees the new filters.
            projectOf[1] = "NEW";
            changes.NotifyCommitted(1, 2);
            index.CachedTenants.ShouldBe(0);
            var changed = await index.GetAsync(1, 1, token);
            loads[1].ShouldBe(3);
            Delivered(changed, "NEW").ShouldBe(["trigger", "webhook"]);
            Delivered(changed, "OLD").ShouldBeEmpty();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task NewerModuleVersionRebuildsAnEntryWithoutEvictingOthers()
    {
        var index = NewIndex(maxTenants: 2);
        var token = TestContext.Current.CancellationToken;
        await index.GetAsync(1, 1, token);
        await index.GetAsync(2, 1, token);
        (await index.GetAsync(1, 5, token)).ModuleVersion.ShouldBe(5);
        loads[1].ShouldBe(2);
        index.CachedTenants.ShouldBe(2);
        await index.GetAsync(2, 1, token);
        loads[2].ShouldBe(1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaximumBelowOneIsRefusedAtStartUp(int maxTenants)
    {
        var options = new DynamicModulesOptions { SubscriptionIndexMaxTenants = maxTenants };
        var result = new DynamicModulesOptionsValidator().Validate(Options.DefaultName, options);
        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain("SubscriptionIndexMaxTenants");
    }

    private SubscriptionIndex NewIndex(int maxTenants) => new(Load, maxTenants);

    /// <summary>
    /// A tenant with a trigger (expression) and a webhook (JQL) on the updated event, both filtering on the tenant's
    /// current project key, so a reload that lost or mixed up a tenant's subscriptions would match the wrong events.
    /// </summary>
    private Task<TenantSubscriptions> Load(long tenant, long version, CancellationToken cancellationToken)
    {
        loads.AddOrUpdate(tenant, 1, (_, count) => count + 1);
        var project = projectOf.GetValueOrDefault(tenant, "P" + tenant);
        var scopes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { EventCatalog.ReadScope };
        (Subscription, IReadOnlyCollection<string>)[] entries =
        [
            (new Subscription(tenant, "app", "trigger", SubscriptionKind.Trigger, true, "https://app.example.com", scopes, "/run",
                filters.GetOrCompile(FilterLanguage.Expression, $"event.issue.fields.project.key == '{project}'"),
                FilterErrorHandling.IgnoreAndLog, IgnoreSelf: false, ExcludeBody: false), [Updated.ForgeName]),
            (new Subscription(tenant, "app", "webhook", SubscriptionKind.Webhook, true, "https://app.example.com", scopes, "/hook",
                filters.GetOrCompile(FilterLanguage.Jql, $"project = {project}"),
                FilterErrorHandling.IgnoreAndLog, IgnoreSelf: false, ExcludeBody: false), [Updated.ConnectName!]),
        ];
        return Task.FromResult(new TenantSubscriptions(version, entries));
    }

    private static List<string> Delivered(TenantSubscriptions subscriptions, string project)
    {
        var json = $$"""{"issue": {"key": "{{project}}-1", "fields": {"project": {"key": "{{project}}"} } } }""";
        using var payload = JsonDocument.Parse(json);
        return EventMatcher.Match(subscriptions, Updated, payload.RootElement, null)
            .Where(decision => decision.Deliver)
            .Select(decision => decision.Subscription.ModuleKey)
            .ToList();
    }
}
