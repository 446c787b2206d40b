using System.CommandLine;
using DynamicModules.Cli.Output;
using DynamicModules.Cli.Service;
using static DynamicModules.Cli.CommandActions;

namespace DynamicModules.Cli.Apps;

/// <summary><c>dynmod apps install|list|uninstall</c>.</summary>
internal static class AppsCommand
{
    public static Command Create()
    {
        var apps = new Command("apps", "Install, list and uninstall a tenant's apps");
        apps.Subcommands.Add(InstallCommand());
        apps.Subcommands.Add(ListCommand());
        apps.Subcommands.Add(UninstallCommand());
        return apps;
    }

    private static Argument<string> TenantArgument() => new("tenant") { Description = "The tenant key" };

    private static Command InstallCommand()
    {
        var tenant = TenantArgument();
        var source = new Argument<string>("descriptor-or-manifest")
        {
            Description = "URL or file of a Connect descriptor (JSON) or a Forge manifest (YAML or JSON); told apart by content",
        };
        var command = new Command("install", "Install or upgrade an app") { tenant, source };
        command.SetOperatorAction(async (run, cancellationToken) =>
        {
            var key = run.Parse.GetRequiredValue(tenant);
            var body = await AppSource.ResolveAsync(run.Parse.GetRequiredValue(source), cancellationToken);
            var answer = await run.Api.SendAsync(HttpMethod.Post, $"api/v1/tenants/{Segment(key)}/apps", body, OperatorJson.Default.InstallBody, cancellationToken);
            if (run.Out.Json)
            {
                run.Out.WriteJson(answer);
                return ExitCodes.Success;
            }

            var installation = answer?["installation"];
            run.Out.WriteLine($"{installation.Text("appKey")}: {answer.Text("operation")} in {key} ({installation.Text("state")}).", Spectre.Console.Color.Green);
            if (answer.Items("purgedModuleKeys").Any())
            {
                run.Out.WriteLine($"Dynamic modules removed by the upgrade: {answer.Text("purgedModuleKeys")}", Spectre.Console.Color.Yellow);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var tenant = TenantArgument();
        var command = new Command("list", "List a tenant's app installations") { tenant };
        command.SetOperatorAction(async (run, cancellationToken) =>
        {
            var all = await run.Api.GetAsync($"api/v1/tenants/{Segment(run.Parse.GetRequiredValue(tenant))}/apps", cancellationToken);
            if (run.Out.Json)
            {
                run.Out.WriteJson(all);
                return ExitCodes.Success;
            }

            run.Out.WriteTable(["app", "state", "descriptor version", "module limit", "installed", "updated"],
                all.Items().Select(a => (IReadOnlyList<string>)[
                    a.Text("appKey"), a.Text("state"), a.Text("descriptorVersion"), a.Text("effectiveLimit"), a.Time("installedAt"), a.Time("updatedAt")]),
                "No apps installed.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command UninstallCommand()
    {
        var tenant = TenantArgument();
        var appKey = new Argument<string>("appKey") { Description = "The app's key" };
        var command = new Command("uninstall", "Uninstall an app (its dynamic modules are kept for a reinstall)") { tenant, appKey };
        command.SetOperatorAction(async (run, cancellationToken) =>
        {
            var answer = await run.Api.DeleteAsync(
                $"api/v1/tenants/{Segment(run.Parse.GetRequiredValue(tenant))}/apps/{Segment(run.Parse.GetRequiredValue(appKey))}", cancellationToken);
            if (run.Out.Json)
            {
                run.Out.WriteJson(answer);
                return ExitCodes.Success;
            }

            run.Out.WriteLine($"{answer.Text("appKey")}: {answer.Text("state")}. The app answered: {answer.Text("callbackDetail")}", Spectre.Console.Color.Green);
            return ExitCodes.Success;
        });
        return command;
    }
}
