using System.CommandLine;
using DynamicModules.Cli.Apps;
using DynamicModules.Cli.Audit;
using DynamicModules.Cli.Deliveries;
using DynamicModules.Cli.Events;
using DynamicModules.Cli.Expressions;
using DynamicModules.Cli.Modules;
using DynamicModules.Cli.Tenants;

namespace DynamicModules.Cli;

/// <summary>The command tree of DESIGN §4.7, and how a command line becomes an exit code.</summary>
internal static class DynmodCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "dynmod: the Dynamic Modules operator API from the command line. Reads DYNMOD_URL (default http://127.0.0.1:5080) and "
            + "DYNMOD_OPERATOR_KEY (default: the contents of ./data/operator.key). Exit codes: 0 success, 1 the service refused "
            + "or could not be reached (its detail on stderr), 2 usage error.")
        {
            CommandActions.JsonOption,
        };
        root.Subcommands.Add(TenantsCommand.Create());
        root.Subcommands.Add(AppsCommand.Create());
        root.Subcommands.Add(ModulesCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(DeliveriesCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(ExprCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A parse error is exit 2 with the errors on stderr (System.CommandLine's own
    /// answer would be 1, which DESIGN §4.7 keeps for the service's refusals); <c>--help</c> wins over errors.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            foreach (var error in parsed.Errors)
            {
                await Console.Error.WriteLineAsync(error.Message);
            }

            await Console.Error.WriteLineAsync("Run 'dynmod --help' (or add --help to the command) for usage.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = true });
    }
}
