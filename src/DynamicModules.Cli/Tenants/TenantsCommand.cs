using System.CommandLine;
using System.Text.Json.Nodes;
using DynamicModules.Cli.Output;
using DynamicModules.Cli.Service;
using static DynamicModules.Cli.CommandActions;

namespace DynamicModules.Cli.Tenants;

/// <summary><c>dynmod tenants create|list</c>.</summary>
internal static class TenantsCommand
{
    /// <summary>The product types a tenant can be created for from the command line.</summary>
    private static readonly string[] Products = ["jira", "confluence"];

    public static Command Create()
    {
        var tenants = new Command("tenants", "Create and list tenants");
        tenants.Subcommands.Add(CreateCommand());
        tenants.Subcommands.Add(ListCommand());
        return tenants;
    }

    private static Command CreateCommand()
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant key (a-z, 0-9 and '-')" };
        var product = new Option<string>("--product") { Description = "The product the tenant runs", Required = true, HelpName = "jira|confluence" };
        product.AcceptOnlyFromAmong(Products);
        var name = new Option<string?>("--name") { Description = "Display name (default: the current one, or the tenant key for a new tenant)", HelpName = "display name" };
        var command = new Command("create", "Create a tenant, or update it when it exists") { tenant, product, name };
        command.SetOperatorAction(async (run, cancellationToken) =>
        {
            var key = run.Parse.GetRequiredValue(tenant);
            var displayName = run.Parse.GetValue(name) ?? await CurrentDisplayNameAsync(run.Api, key, cancellationToken) ?? key;
            var saved = await run.Api.SendAsync(HttpMethod.Put, $"api/v1/tenants/{Segment(key)}",
                new TenantBody(run.Parse.GetRequiredValue(product), displayName), OperatorJson.Default.TenantBody, cancellationToken);
            if (run.Out.Json)
            {
                run.Out.WriteJson(saved);
                return ExitCodes.Success;
            }

            run.Out.WriteLine($"Tenant {saved.Text("key")} saved.", Spectre.Console.Color.Green);
            run.Out.WriteFields([
                ("product", saved.Text("productType")), ("name", saved.Text("displayName")),
                ("clientKey", saved.Text("clientKey")), ("baseUrl", saved.Text("baseUrl"))]);
            return ExitCodes.Success;
        });
        return command;
    }

    // Updating a tenant without --name keeps its name: the API requires displayName on every PUT.
    private static async Task<string?> CurrentDisplayNameAsync(OperatorApi api, string key, CancellationToken cancellationToken)
    {
        try
        {
            return (await api.GetAsync($"api/v1/tenants/{Segment(key)}", cancellationToken)).Text("displayName") is { Length: > 0 } current ? current : null;
        }
        catch (ServiceRefusedException refused) when (refused.Status == 404)
        {
            return null;
        }
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List tenants");
        command.SetOperatorAction(async (run, cancellationToken) =>
        {
            var all = await run.Api.GetAsync("api/v1/tenants", cancellationToken);
            if (run.Out.Json)
            {
                run.Out.WriteJson(all);
                return ExitCodes.Success;
            }

            run.Out.WriteTable(["tenant", "product", "name", "clientKey", "baseUrl"],
                all.Items().Select(t => (IReadOnlyList<string>)[t.Text("key"), t.Text("productType"), t.Text("displayName"), t.Text("clientKey"), t.Text("baseUrl")]),
                "No tenants yet.");
            return ExitCodes.Success;
        });
        return command;
    }
}
