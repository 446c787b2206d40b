using System.CommandLine;
using DynamicModules.Cli.Output;
using static DynamicModules.Cli.CommandActions;

namespace DynamicModules.Cli.Modules;

/// <summary><c>dynmod modules list</c>: the host's render-time read (static and dynamic modules of enabled apps).</summary>
internal static class ModulesCommand
{
    public static Command Create()
    {
        var modules = new Command("modules", "Read the modules a tenant serves");
        var tenant = new Argument<string>("tenant") { Description = "The tenant key" };
        var app = new Option<string?>("--app") { Description = "Only this app's modules", HelpName = "appKey" };
        var type = new Option<string?>("--type") { Description = "Only modules of this catalog type (e.g. webItems, trigger)", HelpName = "type" };
        var list = new Command("list", "List the static and dynamic modules of a tenant's enabled apps") { tenant, app, type };
        list.SetOperatorAction(async (run, cancellationToken) =>
        {
            var query = Query(("app", run.Parse.GetValue(app)), ("type", run.Parse.GetValue(type)));
            var read = await run.Api.GetAsync($"api/v1/tenants/{Segment(run.Parse.GetRequiredValue(tenant))}/modules{query}", cancellationToken);
            if (run.Out.Json)
            {
                run.Out.WriteJson(read);
                return ExitCodes.Success;
            }

            run.Out.WriteTable(["app", "key", "type", "source", "dialect"],
                read.Items("modules").Select(m => (IReadOnlyList<string>)[m.Text("appKey"), m.Text("key"), m.Text("type"), m.Text("source"), m.Text("dialect")]),
                "No modules.");
            run.Out.WriteLine($"Module version {read.Text("version")}.", Spectre.Console.Color.Grey);
            return ExitCodes.Success;
        });
        modules.Subcommands.Add(list);
        return modules;
    }
}
