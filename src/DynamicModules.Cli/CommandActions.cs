using System.CommandLine;
using DynamicModules.Cli.Output;
using DynamicModules.Cli.Service;

namespace DynamicModules.Cli;

/// <summary>
/// The one place where a command's failures become exit codes: the service's refusals (and an unreachable service) are 1
/// with the detail on stderr, mistakes the parser cannot see are 2. Every command takes <c>--json</c> from here.
/// </summary>
internal static class CommandActions
{
    /// <summary><c>--json</c>, on every command.</summary>
    public static readonly Option<bool> JsonOption = new("--json")
    {
        Description = "Print exactly one JSON document on stdout (deliveries follow: one JSON object per line) and nothing else",
        Recursive = true,
    };

    /// <summary>Sets <paramref name="action"/> as the command's action, run against the service of the environment.</summary>
    public static void SetOperatorAction(this Command command, Func<CommandRun, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            var terminal = new Terminal(parse.GetValue(JsonOption), Console.Out, Console.IsOutputRedirected);
            try
            {
                using var api = new OperatorApi(ServiceSettings.FromEnvironment());
                return await action(new CommandRun(parse, terminal, api), cancellationToken);
            }
            catch (ServiceRefusedException refused)
            {
                await Console.Error.WriteLineAsync(refused.Message);
                return ExitCodes.Refused;
            }
            catch (UsageException usage)
            {
                await Console.Error.WriteLineAsync(usage.Message);
                return ExitCodes.Usage;
            }
        });

    /// <summary>Escapes one path segment of the operator API (tenant keys and app keys come from the user).</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    /// <summary>A query string of the parameters that have a value (empty when none has).</summary>
    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? "" : "?" + string.Join('&', given);
    }
}
