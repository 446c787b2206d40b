using DynamicModules.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Shouldly;

namespace DynamicModules.Server.Tests;

/// <summary>A bad setting stops the service before it listens, with a message naming the setting.</summary>
public class StartupConfigurationTests
{
    [Theory]
    [InlineData("DynamicModules:DefaultPerAppLimit", "-3", "DefaultPerAppLimit")]
    [InlineData("DynamicModules:DynamicTypes:jira:0", "noSuchType", "noSuchType")]
    [InlineData("DynamicModules:Events:0:ForgeName", "not an event", "Events:0:ForgeName")]
    [InlineData("DynamicModules:ModuleRead:MaxCachedTenants", "0", "MaxCachedTenants")]
    [InlineData("DynamicModules:Delivery:MaxAttempts", "0", "MaxAttempts")]
    public async Task ABadSettingFailsStartUpNamingIt(string key, string value, string named)
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(() =>
            ServiceHost.StartAsync(settings: new Dictionary<string, string> { [key] = value }));

        error.Message.ShouldContain(named);
    }

    [Fact]
    public async Task AnUnknownStorageEngineFailsStartUp()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() =>
            ServiceHost.StartAsync(engine: "mysql"));

        error.Message.ShouldContain("Storage");
    }
}
