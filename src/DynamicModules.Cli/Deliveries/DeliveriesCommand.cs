using System.CommandLine;
using System.Text.Json.Nodes;
using DynamicModules.Cli.Output;
using DynamicModules.Cli.Service;
using static DynamicModules.Cli.CommandActions;

namespace DynamicModules.Cli.Deliveries;

/// <summary><c>dynmod deliveries list|follow|redeliver|replay</c>.</summary>
internal static class DeliveriesCommand
{
    /// <summary>How often <c>follow</c> reads the log: often enough to feel live, rare enough to cost the service nothing.</summary>
    private static readonly TimeSpan FollowInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var deliveries = new Command("deliveries", "Read the delivery log and deliver again");
        deliveries.Subcommands.Add(ListCommand());
        deliveries.Subcommands.Add(FollowCommand());
        deliveries.Subcommands.Add(RedeliverCommand());
        deliveries.Subcommands.Add(ReplayCommand());
        return deliveries;
    }

    private static Argument<string> TenantArgument() => new("tenant") { Description = "The tenant key" };

    private static Command ListCommand()
    {
        var tenant = TenantArgument();
        var status = new Option<string?>("--status") { Description = "Only deliveries with this status (pending, succeeded, failed, dead)", HelpName = "status" };
        var command = new Command("list", "List a tenant's deliveries with their attempts, oldest first") { tenant, status };
        command.SetOperatorAction(async (run, cancellationToken) =>
        {
            var all = new JsonArray();
            await foreach (var delivery in DeliveryLog.ReadAsync(run.Api, run.Parse.GetRequiredValue(tenant), run.Parse.GetValue(status), 0, cancellationToken))
            {
                all.Add(delivery);
            }

            if (run.Out.Json)
            {
                run.Out.WriteJson(all);
                return ExitCodes.Success;
            }

            run.Out.WriteTable(DeliveryLog.Columns, all.OfType<JsonNode>().Select(DeliveryLog.Row), "No deliveries.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command FollowCommand()
    {
        var tenant = TenantArgument();
        var command = new Command("follow", "Print deliveries as they settle until interrupted (Ctrl+C)") { tenant };
        command.SetOperatorAction(async (run, cancellationToken) =>
        {
            var follower = new DeliveryFollower(run.Api, run.Parse.GetRequiredValue(tenant), FollowInterval);
            try
            {
                await follower.RunAsync(delivery =>
                {
                    if (run.Out.Json)
                    {
                        run.Out.WriteJsonLine(delivery);
                    }
                    else
                    {
                        run.Out.WriteLine(DeliveryLog.Line(delivery), Terminal.StatusColour(delivery.Text("status")));
                    }
                }, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Interrupted: the way follow is meant to end.
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command RedeliverCommand()
    {
        var id = new Argument<long>("id") { Description = "The delivery id (from deliveries list)" };
        var command = new Command("redeliver", "Deliver a settled delivery again, with the same webhook-id") { id };
        command.SetOperatorAction(async (run, cancellationToken) =>
        {
            var answer = await run.Api.PostAsync(
                $"api/v1/deliveries/{run.Parse.GetRequiredValue(id).ToString(System.Globalization.CultureInfo.InvariantCulture)}/redeliver", cancellationToken);
            if (run.Out.Json)
            {
                run.Out.WriteJson(answer);
                return ExitCodes.Success;
            }

            run.Out.WriteLine($"Delivery {answer.Text("id")} is {answer.Text("status")} again.", Spectre.Console.Color.Green);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ReplayCommand()
    {
        var tenant = TenantArgument();
        var since = new Option<TimeSpan>("--since")
        {
            Description = "Deliveries created this long ago until now: <n>s, <n>m, <n>h or <n>d, e.g. 1h",
            Required = true,
            HelpName = "duration",
            CustomParser = SinceDuration.Parse,
        };
        var status = new Option<string?>("--status") { Description = "Only deliveries with this status (failed, dead or succeeded; default failed and dead)", HelpName = "status" };
        var command = new Command("replay", "Deliver again every delivery of a time window") { tenant, since, status };
        command.SetOperatorAction(async (run, cancellationToken) =>
        {
            var now = DateTimeOffset.UtcNow;
            var body = new ReplayBody(now - run.Parse.GetRequiredValue(since), now, run.Parse.GetValue(status));
            var answer = await run.Api.SendAsync(HttpMethod.Post, $"api/v1/tenants/{Segment(run.Parse.GetRequiredValue(tenant))}/deliveries/replay",
                body, OperatorJson.Default.ReplayBody, cancellationToken);
            if (run.Out.Json)
            {
                run.Out.WriteJson(answer);
                return ExitCodes.Success;
            }

            run.Out.WriteLine($"{answer.Text("count")} deliveries queued again.", Spectre.Console.Color.Green);
            return ExitCodes.Success;
        });
        return command;
    }
}
