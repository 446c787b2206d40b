using DynamicModules.Configuration;
using DynamicModules.Modules;
using Microsoft.Extensions.Configuration;

namespace DynamicModules.Tests.Modules;

public class DynamicModuleTypePolicyTests
{
    [Fact]
    public void DefaultsFollowTheProducts()
    {
        var policy = DynamicModuleTypePolicy.Default;

        policy.IsAllowed("jira", "jiraIssueFields").ShouldBeTrue();
        policy.IsAllowed("jira", "jira:issuePanel").ShouldBeTrue();
        policy.IsAllowed("jira", "dynamicContentMacros").ShouldBeFalse();
        policy.IsAllowed("confluence", "macro").ShouldBeTrue();
        policy.IsAllowed("confluence", "jiraIssueFields").ShouldBeFalse();
        policy.IsAllowed("JIRA", "webhooks").ShouldBeTrue();
        policy.IsAllowed("wiki-of-things", "jiraIssueFields").ShouldBeTrue();
    }

    [Fact]
    public void EveryDefaultTypeIsInTheCatalog()
    {
        foreach (var product in new[] { "jira", "confluence" })
        {
            DynamicModuleTypePolicy.Default.AllowedTypes(product)!.ShouldBeSubsetOf(ModuleCatalog.Default.Types);
        }
    }

    [Fact]
    public void KnownTypeNotAllowedInProductIsRefused()
    {
        var result = TestContexts.Connect("""{"dynamicContentMacros": [{"key": "m", "name": {"value": "M"}, "url": "/m"}]}""");

        result.Errors.ShouldHaveSingleItem().ShouldBe(
            new ValidationError("dynamicContentMacros", "Module type dynamicContentMacros cannot be registered dynamically in jira"));
    }

    [Fact]
    public void UnknownTypeIsRefused()
    {
        var connect = TestContexts.Connect("""{"jiraWorkflowPostFunctions": [{"key": "p"}]}""");
        var forge = TestContexts.Forge("""{"type": "jira:somethingNew", "data": {}}""");

        var connectError = connect.Errors.ShouldHaveSingleItem();
        connectError.Path.ShouldBe("jiraWorkflowPostFunctions");
        connectError.Message.ShouldStartWith("Module type jiraWorkflowPostFunctions is not known. Known types: ");
        connectError.Message.ShouldContain("webItems");
        forge.Errors.ShouldHaveSingleItem().Message.ShouldStartWith("Module type jira:somethingNew is not known. Known types: ");
    }

    [Fact]
    public void ConfigurationReplacesAProductsList()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DynamicModules:DynamicTypes:jira:0"] = "webhooks",
            ["DynamicModules:DynamicTypes:jira:1"] = "trigger",
            ["DynamicModules:DynamicTypes:bitbucket:0"] = "webItems",
        }).Build();

        var options = configuration.GetSection(DynamicModulesOptions.Section).Get<DynamicModulesOptions>()!;
        var policy = new DynamicModuleTypePolicy(options.DynamicTypes);

        policy.IsAllowed("jira", "webhooks").ShouldBeTrue();
        policy.IsAllowed("jira", "webItems").ShouldBeFalse();
        policy.IsAllowed("bitbucket", "webItems").ShouldBeTrue();
        policy.IsAllowed("bitbucket", "webhooks").ShouldBeFalse();
        policy.IsAllowed("confluence", "macro").ShouldBeTrue();
    }

    [Fact]
    public void PolicyGivenToTheValidatorIsApplied()
    {
        var validator = new ModuleRequestValidator(ModuleCatalog.Default, new DynamicModuleTypePolicy([new("jira", ["webhooks"])]));

        var result = validator.ValidateConnect(System.Text.Json.Nodes.JsonNode.Parse("""{"webSections": [{"key": "s", "location": "x", "name": {"value": "S"}}]}"""), TestContexts.Jira());

        result.Errors.ShouldHaveSingleItem().Path.ShouldBe("webSections");
    }
}
