using System.Net;
using System.Net.Sockets;
using DynamicModules.Cli.Tests.Infrastructure;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Cli.Tests;

/// <summary>Exit codes 1 (refused, unreachable) and 2 (usage), the operator-key default, and <c>--help</c> on every command.</summary>
public sealed class ExitCodeTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task A_refusal_exits_1_with_the_problems_detail_on_stderr_and_nothing_on_stdout(string engine)
    {
        await using var service = await CliService.StartAsync(engine);

        var unknownTenant = await service.RunAsync("apps", "list", "no-such-tenant", "--json");
        unknownTenant.ExitCode.ShouldBe(1, unknownTenant.ToString());
        unknownTenant.Stderr.ShouldContain("no-such-tenant");
        unknownTenant.Stdout.ShouldBeEmpty();

        var unknownDelivery = await service.RunAsync("deliveries", "redeliver", "987654");
        unknownDelivery.ExitCode.ShouldBe(1);
        unknownDelivery.Stderr.ShouldContain("No delivery 987654.");

        var badStatus = await service.RunAsync("deliveries", "list", "no-such-tenant", "--status", "nonsense");
        badStatus.ExitCode.ShouldBe(1);
        badStatus.Stderr.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_wrong_operator_key_exits_1()
    {
        await using var service = await CliService.StartAsync("sqlite");

        var result = await DynmodProcess.RunAsync(["tenants", "list"], new Dictionary<string, string?>
        {
            ["DYNMOD_URL"] = service.Host.BaseUrl,
            ["DYNMOD_OPERATOR_KEY"] = "not-the-key",
        });

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task An_unreachable_service_exits_1_naming_its_address()
    {
        // A port that was free a moment ago: nothing listens there.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await DynmodProcess.RunAsync(["tenants", "list", "--json"], new Dictionary<string, string?>
        {
            ["DYNMOD_URL"] = $"http://127.0.0.1:{port}",
            ["DYNMOD_OPERATOR_KEY"] = "any",
        });

        result.ExitCode.ShouldBe(1, result.ToString());
        result.Stderr.ShouldContain($"127.0.0.1:{port}");
        result.Stdout.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("tenants", "create", "acme")]
    [InlineData("tenants", "create", "acme", "--product", "bitbucket")]
    [InlineData("tenants", "list", "extra")]
    [InlineData("apps", "install", "acme")]
    [InlineData("apps", "install", "acme", "/no/such/descriptor.json")]
    [InlineData("deliveries", "redeliver", "not-a-number")]
    [InlineData("deliveries", "replay", "acme")]
    [InlineData("deliveries", "replay", "acme", "--since", "1w")]
    [InlineData("deliveries", "replay", "acme", "--since", "0h")]
    [InlineData("expr", "check", "x == 1", "--payload", "/no/such/payload.json")]
    [InlineData("no-such-command")]
    [InlineData]
    public async Task A_usage_error_exits_2_before_calling_any_service(params string[] args)
    {
        // DYNMOD_URL points nowhere: had the CLI called the service, it would have exited 1, not 2.
        var result = await DynmodProcess.RunAsync(args, new Dictionary<string, string?> { ["DYNMOD_URL"] = "http://127.0.0.1:9" });

        result.ExitCode.ShouldBe(2, result.ToString());
        result.Stderr.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Without_DYNMOD_OPERATOR_KEY_the_key_is_read_from_data_operator_key_in_the_working_directory()
    {
        await using var service = await CliService.StartAsync("sqlite");
        var workingDirectory = Path.Combine(Path.GetTempPath(), "dynmod-cwd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(workingDirectory, "data"));
        try
        {
            var environment = new Dictionary<string, string?> { ["DYNMOD_URL"] = service.Host.BaseUrl };

            // No file: the call goes out without a key, and the refusal says where the key is looked for.
            var withoutKey = await DynmodProcess.RunAsync(["tenants", "list"], environment, workingDirectory);
            withoutKey.ExitCode.ShouldBe(1, withoutKey.ToString());
            withoutKey.Stderr.ShouldContain("data/operator.key");

            // Surrounding whitespace (the service's own trailing newline, an editor's) is not part of the key.
            await File.WriteAllTextAsync(Path.Combine(workingDirectory, "data", "operator.key"), $"  {ServiceHost.OperatorKey}\n\n");
            var withKey = await DynmodProcess.RunAsync(["tenants", "list", "--json"], environment, workingDirectory);
            withKey.Json().ShouldBeOfType<System.Text.Json.Nodes.JsonArray>();
        }
        finally
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData]
    [InlineData("tenants", "create")]
    [InlineData("tenants", "list")]
    [InlineData("apps", "install")]
    [InlineData("apps", "list")]
    [InlineData("apps", "uninstall")]
    [InlineData("modules", "list")]
    [InlineData("events", "publish")]
    [InlineData("deliveries", "list")]
    [InlineData("deliveries", "follow")]
    [InlineData("deliveries", "redeliver")]
    [InlineData("deliveries", "replay")]
    [InlineData("audit")]
    [InlineData("expr", "check")]
    public async Task Every_command_answers_help_with_exit_0_and_lists_json(params string[] command)
    {
        var result = await DynmodProcess.RunAsync([.. command, "--help"]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("Usage:");
        result.Stdout.ShouldContain("--json");
    }
}
