using DynamicModules.Configuration;
using DynamicModules.Storage;
using Microsoft.Extensions.Configuration;
using Shouldly;

namespace DynamicModules.Tests.Configuration;

public class DynamicModulesOptionsValidatorTests
{
    [Fact]
    public void DefaultsAreValid()
    {
        new DynamicModulesOptionsValidator().Validate(null, new DynamicModulesOptions()).Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData("sqlite", StorageEngine.Sqlite)]
    [InlineData("postgres", StorageEngine.Postgres)]
    [InlineData("Postgres", StorageEngine.Postgres)]
    public void StorageBindsCaseInsensitively(string value, StorageEngine expected)
    {
        Bind(new() { ["DynamicModules:Storage"] = value }).Storage.ShouldBe(expected);
    }

    [Fact]
    public void AnUnknownStorageEngineFailsBinding()
    {
        Should.Throw<InvalidOperationException>(() => Bind(new() { ["DynamicModules:Storage"] = "mysql" }))
            .Message.ShouldContain("Storage");
    }

    [Theory]
    [InlineData("DynamicModules:DefaultPerAppLimit", "-1", "DefaultPerAppLimit")]
    [InlineData("DynamicModules:LifecycleTimeout", "00:00:00", "LifecycleTimeout")]
    [InlineData("DynamicModules:PublicUrl", "ftp://example.test", "PublicUrl")]
    [InlineData("DynamicModules:PublicUrl", "not a url", "PublicUrl")]
    [InlineData("DynamicModules:OperatorKey", "short", "OperatorKey")]
    [InlineData("DynamicModules:DataDirectory", "", "DataDirectory")]
    [InlineData("DynamicModules:DynamicTypes:jira:0", "webItemz", "DynamicTypes:jira: 'webItemz'")]
    [InlineData("DynamicModules:DynamicTypes:Jira Cloud:0", "webItems", "'Jira Cloud' is not a product type")]
    [InlineData("DynamicModules:Events:0:ForgeName", "avi jira", "Events:0:ForgeName")]
    [InlineData("DynamicModules:Events:0:Scope", "read write", "Events:0:Scope")]
    public void EachBadSettingIsNamed(string key, string value, string named)
    {
        var options = Bind(new() { [key] = value, ["DynamicModules:Events:0:ForgeName"] = key.Contains("ForgeName", StringComparison.Ordinal) ? value : "avi:test:made:thing" });

        var result = new DynamicModulesOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.FailureMessage.ShouldContain(named);
    }

    [Fact]
    public void ConfiguredEventsAndTypesAreAccepted()
    {
        var options = Bind(new()
        {
            ["DynamicModules:Events:0:ForgeName"] = "avi:bitbucket:created:repository",
            ["DynamicModules:Events:0:ConnectName"] = "repo:created",
            ["DynamicModules:DynamicTypes:bitbucket:0"] = "webItems",
            ["DynamicModules:PublicUrl"] = "https://modules.example.test/base",
        });

        new DynamicModulesOptionsValidator().Validate(null, options).Succeeded.ShouldBeTrue();
        options.Events.ShouldHaveSingleItem().ConnectName.ShouldBe("repo:created");
    }

    [Fact]
    public void ThrowIfInvalidListsEveryFailure()
    {
        var options = Bind(new() { ["DynamicModules:DefaultPerAppLimit"] = "-5", ["DynamicModules:OperatorKey"] = "x" });

        var error = Should.Throw<Microsoft.Extensions.Options.OptionsValidationException>(() => DynamicModulesOptionsValidator.ThrowIfInvalid(options));

        error.Failures.Count().ShouldBe(2);
    }

    private static DynamicModulesOptions Bind(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build()
            .GetSection(DynamicModulesOptions.Section).Get<DynamicModulesOptions>() ?? new DynamicModulesOptions();
}
