using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Apps.Forge;
using DynamicModules.Events;
using DynamicModules.Migration;
using DynamicModules.Modules;

namespace DynamicModules.Tests.Migration;

/// <summary>
/// Each Connect → Forge mapping of the planner: the exact Forge data for a given Connect definition, that the data
/// passes the project's own Forge validation, and the reason for each module that stays Connect.
/// </summary>
public class ForgeMigrationPlannerTests
{
    private const string AppBase = "https://app.example.com/connect";

    private static ForgeManifest Manifest(string? connectRemote = "connect", params ForgeEndpoint[] endpoints) => new()
    {
        AppId = ForgeManifest.AppIdPrefix + "8c0a1f8e-3b52-4a8e-9d3c-2f1e6c1b7a00",
        AppUuid = "8c0a1f8e-3b52-4a8e-9d3c-2f1e6c1b7a00",
        ConnectKey = "com.example.app",
        ConnectRemote = connectRemote,
        Remotes = new Dictionary<string, DynamicModules.Apps.Forge.ForgeRemote>
        {
            ["connect"] = new("connect", AppBase),
            ["other"] = new("other", "https://other.example.com"),
        },
        Endpoints = endpoints.ToDictionary(e => e.Key),
    };

    private static MigrationPlanContext Context(string product = "jira", ForgeManifest? manifest = null, IReadOnlySet<string>? taken = null, params string[] resources) =>
        new(product, manifest ?? Manifest(), taken ?? new HashSet<string>()) { ResourceKeys = resources.ToHashSet() };

    private static ConnectModuleToMigrate Module(string key, string type, string json) => new(key, type, JsonDocument.Parse(json).RootElement.Clone());

    private static ModuleMigrationPlan PlanOne(ConnectModuleToMigrate module, MigrationPlanContext context) =>
        ForgeMigrationPlanner.Plan([module], context).Single();

    /// <summary>The converted module passes registration validation as the installation would run it (derived endpoints declared).</summary>
    private static void ShouldValidate(ModuleMigrationPlan plan, MigrationPlanContext context)
    {
        plan.Reason.ShouldBeNull();
        var endpoints = context.Manifest.Endpoints.Keys.ToHashSet();
        if (plan.DerivedEndpoint is { } derived)
        {
            endpoints.Add(derived.Key);
        }

        var validation = new ModuleValidationContext
        {
            AppKey = "com.example.app",
            ProductType = context.ProductType,
            Scopes = new HashSet<string> { "READ" },
            FunctionRefusal = ForgeManifestParser.FunctionRefusal,
            EndpointKeys = endpoints,
            ResourceKeys = context.ResourceKeys,
            CheckFilter = (language, source) => DynamicModules.Filters.FilterCompiler.Compile(language, source).Errors,
        };
        var result = ModuleRequestValidator.Default.ValidateForge(new JsonObject { ["type"] = plan.ForgeType, ["data"] = plan.Data!.DeepClone() }, plan.NewKey!, validation);
        result.Errors.ShouldBeEmpty();
    }

    private static void ShouldBeData(ModuleMigrationPlan plan, string expectedJson) =>
        JsonNode.DeepEquals(plan.Data, JsonNode.Parse(expectedJson)).ShouldBeTrue($"data was {plan.Data?.ToJsonString()}");

    [Fact]
    public void WebhookBecomesATriggerOnTheDerivedEndpoint()
    {
        var context = Context();
        var plan = PlanOne(Module("issue-hook", "webhooks", """{"event": "jira:issue_updated", "url": "/hooks/issue", "filter": "project = PROJ"}"""), context);
        plan.ForgeType.ShouldBe("trigger");
        plan.NewKey.ShouldBe("issue-hook");
        plan.DerivedEndpoint.ShouldBe(new DerivedForgeEndpoint("connect-hooks-issue", "connect", "/hooks/issue"));
        var expression = JqlToExpression.Translate("project = PROJ").Expression!;
        ShouldBeData(plan, $$$"""
            {"events": ["avi:jira:updated:issue"], "endpoint": "connect-hooks-issue",
             "filter": {"expression": {{{JsonSerializer.Serialize(expression)}}}, "onError": "IGNORE_AND_LOG"}}
            """);
        ShouldValidate(plan, context);
    }

    [Fact]
    public void WebhookTargetsTheManifestEndpointThatServesItsUrl()
    {
        var manifest = Manifest("connect",
            new ForgeEndpoint("elsewhere", "other", "/hooks/issue", ForgeEndpointAuth.None),
            new ForgeEndpoint("issue-endpoint", "connect", "/hooks/issue", ForgeEndpointAuth.None));
        var context = Context(manifest: manifest);
        var plan = PlanOne(Module("h", "webhooks", """{"event": "jira:issue_created", "url": "/hooks/issue"}"""), context);
        plan.DerivedEndpoint.ShouldBeNull();
        ShouldBeData(plan, """{"events": ["avi:jira:created:issue"], "endpoint": "issue-endpoint"}""");
        ShouldValidate(plan, context);
    }

    [Fact]
    public void DerivedEndpointKeysNeverClashWithManifestEndpointsAndRoutesShareOne()
    {
        var manifest = Manifest("connect", new ForgeEndpoint("connect-hooks-issue", "other", "/x", ForgeEndpointAuth.None));
        var context = Context(manifest: manifest);
        var plans = ForgeMigrationPlanner.Plan(
        [
            Module("a", "webhooks", """{"event": "jira:issue_created", "url": "/hooks/issue"}"""),
            Module("b", "webhooks", """{"event": "jira:issue_updated", "url": "/hooks/issue"}"""),
            Module("c", "webhooks", """{"event": "jira:issue_updated", "url": "/hooks-issue"}"""),
        ], context);
        plans[0].DerivedEndpoint!.Key.ShouldBe("connect-hooks-issue-2");
        plans[1].DerivedEndpoint.ShouldBe(plans[0].DerivedEndpoint);
        plans[2].DerivedEndpoint!.Key.ShouldBe("connect-hooks-issue-3");
        plans.ShouldAllBe(p => p.Reason == null);
    }

    [Fact]
    public void ConfluenceEventsMapThroughTheCatalogForTheTenantsProduct()
    {
        // comment_created is a Jira and a Confluence Connect event; the tenant's product decides.
        var jira = PlanOne(Module("c", "webhooks", """{"event": "comment_created", "url": "/c"}"""), Context("jira"));
        var confluence = PlanOne(Module("c", "webhooks", """{"event": "comment_created", "url": "/c"}"""), Context("confluence"));
        jira.Data!["events"]![0]!.GetValue<string>().ShouldBe("avi:jira:commented:issue");
        confluence.Data!["events"]![0]!.GetValue<string>().ShouldBe("avi:confluence:created:comment");
    }

    [Theory]
    [InlineData("""{"event": "jira:issue_updated", "url": "/h", "excludeBody": true}""", "excludeBody")]
    [InlineData("""{"event": "jira:issue_updated", "url": "/h", "propertyKeys": ["p"]}""", "propertyKeys")]
    [InlineData("""{"event": "jira:issue_updated", "url": "/h/{issue.key}"}""", "context variables")]
    [InlineData("""{"event": "jira:issue_updated", "url": "/h?x=1"}""", "query")]
    [InlineData("""{"event": "jira:worklog_unknown", "url": "/h"}""", "No Forge event")]
    [InlineData("""{"event": "jira:issue_updated", "url": "/a/../b"}""", "cannot be an endpoint route")]
    [InlineData("""{"event": "jira:issue_updated", "url": "/h", "filter": "labels ~ desk"}""", "'~'")]
    public void WebhooksThatCannotBeTriggersStay(string definition, string reasonPart)
    {
        var plan = PlanOne(Module("h", "webhooks", definition), Context());
        plan.ForgeType.ShouldBeNull();
        plan.Data.ShouldBeNull();
        plan.Reason.ShouldNotBeNull().ShouldContain(reasonPart);
    }

    [Fact]
    public void WebhookWithoutConnectRemoteOrMatchingEndpointStays()
    {
        var plan = PlanOne(Module("h", "webhooks", """{"event": "jira:issue_updated", "url": "/h"}"""), Context(manifest: Manifest(connectRemote: null)));
        plan.Reason.ShouldNotBeNull().ShouldContain("app.connect.remote");
    }

    [Fact]
    public void WebhookFalseExcludeBodyAndEmptyPropertyKeysAreCarried()
    {
        var plan = PlanOne(Module("h", "webhooks", """{"event": "jira:issue_updated", "url": "/h", "excludeBody": false, "propertyKeys": []}"""), Context());
        plan.Reason.ShouldBeNull();
    }

    [Fact]
    public void IssueActionWebItemConvertsWhenTheManifestHasItsResource()
    {
        var context = Context("jira", resources: "my-action");
        var plan = PlanOne(Module("my-action", "webItems",
            """{"location": "operations-top-level", "name": {"value": "Do it", "i18n": "do.it"}, "url": "/do", "visibility": {"roles": ["admins"]}}"""), context);
        plan.ForgeType.ShouldBe("jira:issueAction");
        ShouldBeData(plan, """{"resource": "my-action", "title": "Do it", "visibility": {"roles": ["admins"]}}""");
        ShouldValidate(plan, context);
    }

    [Fact]
    public void BylineWebItemConvertsInConfluence()
    {
        var context = Context("confluence", resources: "byline");
        var plan = PlanOne(Module("byline", "webItems",
            """{"location": "system.content.byline", "name": {"value": "Status"}, "url": "/b", "icon": {"url": "/img/i.png"}, "tooltip": {"value": "Shows status"}}"""), context);
        plan.ForgeType.ShouldBe("confluence:contentBylineItem");
        ShouldBeData(plan, """{"resource": "byline", "title": "Status", "icon": "https://app.example.com/connect/img/i.png", "tooltip": "Shows status"}""");
        ShouldValidate(plan, context);
    }

    [Fact]
    public void UiModulesWithoutTheirResourceStay()
    {
        var plan = PlanOne(Module("my-action", "webItems", """{"location": "operations-top-level", "name": {"value": "Do it"}, "url": "/do"}"""), Context());
        plan.Reason.ShouldNotBeNull().ShouldContain("declare a resource with the key 'my-action'");
    }

    [Theory]
    [InlineData("webItems", """{"location": "system.top.navigation.bar", "name": {"value": "N"}, "url": "/n"}""", "web item at 'system.top.navigation.bar'")]
    [InlineData("webPanels", """{"location": "atl.jira.view.issue.left.context", "name": {"value": "P"}, "url": "/p"}""", "icon")]
    [InlineData("webPanels", """{"location": "atl.general", "name": {"value": "P"}, "url": "/p"}""", "web panel at 'atl.general'")]
    [InlineData("webSections", """{"location": "operations-top-level", "name": {"value": "S"}}""", "no web section")]
    public void UnmappedLocationsStay(string type, string definition, string reasonPart)
    {
        var plan = PlanOne(Module("m", type, definition), Context("jira", resources: "m"));
        plan.Reason.ShouldNotBeNull().ShouldContain(reasonPart);
    }

    [Fact]
    public void GlanceWebPanelBecomesAnIssueContext()
    {
        var context = Context("jira", resources: "glance");
        var plan = PlanOne(Module("glance", "webPanels", """{"location": "atl.jira.view.issue.right.context", "name": {"value": "Glance"}, "url": "/g"}"""), context);
        plan.ForgeType.ShouldBe("jira:issueContext");
        ShouldBeData(plan, """{"resource": "glance", "title": "Glance"}""");
        ShouldValidate(plan, context);
    }

    [Fact]
    public void IssueContextKeepsLabelAndIcon()
    {
        var context = Context("jira", resources: "ctx");
        var plan = PlanOne(Module("ctx", "jiraIssueContexts",
            """{"name": {"value": "Context"}, "icon": {"url": "https://cdn.example.com/i.png"}, "content": {"type": "label", "label": {"value": "3 open"}}, "target": {"type": "web_panel", "url": "/ctx"}}"""), context);
        plan.ForgeType.ShouldBe("jira:issueContext");
        ShouldBeData(plan, """{"resource": "ctx", "title": "Context", "label": "3 open", "icon": "https://cdn.example.com/i.png"}""");
        ShouldValidate(plan, context);
    }

    [Theory]
    [InlineData("dynamicContentMacros", """{"name": {"value": "Chart"}, "url": "/m", "description": {"value": "Draws"}, "categories": ["visuals"], "outputType": "inline"}""",
        """{"resource": "chart", "title": "Chart", "description": "Draws", "categories": ["visuals"], "layout": "inline"}""")]
    [InlineData("staticContentMacros", """{"name": {"value": "Chart"}, "url": "/m", "bodyType": "rich-text", "icon": {"url": "/i.png"}}""",
        """{"resource": "chart", "title": "Chart", "icon": "https://app.example.com/connect/i.png", "layout": "bodied"}""")]
    public void MacrosBecomeForgeMacros(string type, string definition, string expected)
    {
        var context = Context("confluence", resources: "chart");
        var plan = PlanOne(Module("chart", type, definition), context);
        plan.ForgeType.ShouldBe("macro");
        ShouldBeData(plan, expected);
        ShouldValidate(plan, context);
    }

    [Theory]
    [InlineData("""{"name": {"value": "C"}, "url": "/m", "parameters": [{"identifier": "p", "name": {"value": "P"}, "type": "string"}]}""", "parameters")]
    [InlineData("""{"name": {"value": "C"}, "url": "/m", "editor": {"url": "/e"}}""", "editor")]
    [InlineData("""{"name": {"value": "C"}, "url": "/m", "bodyType": "plain-text"}""", "plain-text")]
    public void MacrosThatCannotConvertStay(string definition, string reasonPart)
    {
        var plan = PlanOne(Module("chart", "dynamicContentMacros", definition), Context("confluence", resources: "chart"));
        plan.Reason.ShouldNotBeNull().ShouldContain(reasonPart);
    }

    [Theory]
    [InlineData("""{"name": {"value": "Score"}, "description": {"value": "The score"}, "type": "number"}""",
        """{"name": "Score", "description": "The score", "type": "number", "migratedFromConnect": true}""")]
    [InlineData("""{"name": {"value": "Owner"}, "description": {"value": "d"}, "type": "USER"}""",
        """{"name": "Owner", "description": "d", "type": "user", "migratedFromConnect": true}""")]
    [InlineData("""{"name": {"value": "Computed"}, "description": {"value": "d"}, "type": "read_only", "property": {"key": "p", "path": "v", "type": "date"}}""",
        """{"name": "Computed", "description": "d", "type": "date", "readOnly": true, "migratedFromConnect": true}""")]
    public void IssueFieldsBecomeCustomFields(string definition, string expected)
    {
        var context = Context();
        var plan = PlanOne(Module("field", "jiraIssueFields", definition), context);
        plan.ForgeType.ShouldBe("jira:customField");
        plan.NewKey.ShouldBe("field");
        ShouldBeData(plan, expected);
        ShouldValidate(plan, context);
    }

    [Theory]
    [InlineData("""{"name": {"value": "F"}, "description": {"value": "d"}, "type": "single_select"}""", "single_select")]
    [InlineData("""{"name": {"value": "F"}, "description": {"value": "d"}, "type": "string", "extractions": [{"path": "a", "type": "text"}]}""", "extractions")]
    [InlineData("""{"name": {"value": "F"}, "description": {"value": "d"}, "type": "string", "template": {"type": "x", "url": "/t"}}""", "template")]
    [InlineData("""{"name": {"value": "F"}, "description": {"value": "d"}, "type": "read_only"}""", "entity property")]
    public void IssueFieldsThatCannotConvertStay(string definition, string reasonPart)
    {
        var plan = PlanOne(Module("field", "jiraIssueFields", definition), Context());
        plan.Reason.ShouldNotBeNull().ShouldContain(reasonPart);
    }

    [Fact]
    public void EntityPropertiesBecomeAnEntityProperty()
    {
        var context = Context();
        var plan = PlanOne(Module("props", "jiraEntityProperties", """
            {"name": {"value": "Props"}, "entityType": "issue", "keyConfigurations": [
              {"propertyKey": "score", "extractions": [{"objectName": "value", "type": "NUMBER", "alias": "scoreValue"}, {"objectName": "owner", "type": "user"}]}]}
            """), context);
        plan.ForgeType.ShouldBe("jira:entityProperty");
        ShouldBeData(plan, """
            {"propertyKey": "score", "values": [{"path": "value", "type": "number", "searchAlias": "scoreValue"}, {"path": "owner", "type": "user"}], "entityType": "issue"}
            """);
        ShouldValidate(plan, context);
    }

    [Fact]
    public void EntityPropertiesWithSeveralKeysStay()
    {
        var plan = PlanOne(Module("props", "jiraEntityProperties", """
            {"name": {"value": "P"}, "keyConfigurations": [{"propertyKey": "a", "extractions": []}, {"propertyKey": "b", "extractions": []}]}
            """), Context());
        plan.Reason.ShouldNotBeNull().ShouldContain("several property keys");
    }

    [Fact]
    public void TypesTheProductDoesNotAllowStay()
    {
        // jira:customField is a Jira type; a Confluence tenant's policy does not allow it.
        var plan = PlanOne(Module("f", "jiraIssueFields", """{"name": {"value": "F"}, "description": {"value": "d"}, "type": "string"}"""), Context("confluence"));
        plan.Reason.ShouldNotBeNull().ShouldContain("cannot be registered dynamically in confluence");
    }

    [Fact]
    public void KeysStayUnlessTakenAndNeverRepeat()
    {
        var context = Context(taken: new HashSet<string> { "taken", "taken-forge" });
        var plans = ForgeMigrationPlanner.Plan(
        [
            Module("free", "webhooks", """{"event": "jira:issue_created", "url": "/a"}"""),
            Module("taken", "webhooks", """{"event": "jira:issue_created", "url": "/b"}"""),
            Module("taken-forge-2", "webhooks", """{"event": "jira:issue_created", "url": "/c"}"""),
            Module("taken", "webhooks", """{"event": "jira:issue_updated", "url": "/d"}"""),
        ], context);
        // "taken-forge-2" is another module's key, so "taken" skips it; that module keeps its own.
        plans.Select(p => p.NewKey).ShouldBe(["free", "taken-forge-3", "taken-forge-2", "taken-forge-4"]);
        plans.Select(p => p.NewKey).Distinct().Count().ShouldBe(plans.Count);
    }

    [Fact]
    public void GeneratedKeysAvoidTheKeysOfOtherConnectModules()
    {
        // "a" is taken by a Forge module; "a-forge" is another Connect module (it stays), so "a" becomes "a-forge-2".
        var plans = ForgeMigrationPlanner.Plan(
        [
            Module("a", "webhooks", """{"event": "jira:issue_created", "url": "/a"}"""),
            Module("a-forge", "webSections", """{"location": "x", "name": {"value": "S"}}"""),
        ], Context(taken: new HashSet<string> { "a" }));
        plans[0].NewKey.ShouldBe("a-forge-2");
        plans[1].Reason.ShouldNotBeNull();
    }

    [Fact]
    public void PlanningTwiceGivesTheSamePlan()
    {
        var modules = new[]
        {
            Module("a", "webhooks", """{"event": "jira:issue_created", "url": "/a", "filter": "status != Done"}"""),
            Module("b", "webSections", """{"location": "x", "name": {"value": "S"}}"""),
        };
        var first = ForgeMigrationPlanner.Plan(modules, Context());
        var second = ForgeMigrationPlanner.Plan(modules, Context());
        first.Select(p => (p.Key, p.ForgeType, p.NewKey, p.Data?.ToJsonString(), p.Reason, p.DerivedEndpoint))
            .ShouldBe(second.Select(p => (p.Key, p.ForgeType, p.NewKey, p.Data?.ToJsonString(), p.Reason, p.DerivedEndpoint)));
    }

    [Fact]
    public void UnknownTypesAndBadDefinitionsStay()
    {
        ForgeMigrationPlanner.Plan([Module("p", "generalPages", """{"name": {"value": "P"}, "url": "/p"}"""), Module("q", "webhooks", "[]")], Context())
            .ShouldAllBe(p => p.Reason != null && p.ForgeType == null);
    }

    [Fact]
    public void EveryBuiltInConnectWebhookEventOfTheProductMaps()
    {
        foreach (var product in new[] { "jira", "confluence" })
        {
            var events = EventCatalog.Default.Types.Where(t => t.ConnectName is not null && t.ForgeName.StartsWith($"avi:{product}:", StringComparison.Ordinal));
            foreach (var type in events)
            {
                var plan = PlanOne(Module("h", "webhooks", $$"""{"event": "{{type.ConnectName}}", "url": "/h"}"""), Context(product));
                plan.Reason.ShouldBeNull(type.ConnectName);
                plan.Data!["events"]![0]!.GetValue<string>().ShouldBe(type.ForgeName);
            }
        }
    }
}
