using System.CommandLine;
using System.Text;
using DynamicModules.Cli.Output;
using static DynamicModules.Cli.CommandActions;

namespace DynamicModules.Cli.Events;

/// <summary><c>dynmod events publish</c>: the event JSON <c>{id, type, payload}</c> from a file or stdin.</summary>
internal static class EventsCommand
{
    /// <summary>The service refuses bodies over 1 MiB; reading more of a file or of stdin would only be thrown away.</summary>
    private const int MaxEventChars = 1024 * 1024;

    public static Command Create()
    {
        var events = new Command("events", "Publish events");
        var tenant = new Argument<string>("tenant") { Description = "The tenant key" };
        var source = new Argument<string>("file") { Description = "File with the event JSON {id, type, payload}, or - for stdin", HelpName = "file or -" };
        var publish = new Command("publish", "Publish an event to the tenant's subscribers") { tenant, source };
        publish.SetOperatorAction(async (run, cancellationToken) =>
        {
            var json = await ReadEventAsync(run.Parse.GetRequiredValue(source), cancellationToken);
            var answer = await run.Api.SendJsonTextAsync(HttpMethod.Post, $"api/v1/tenants/{Segment(run.Parse.GetRequiredValue(tenant))}/events", json, cancellationToken);
            if (run.Out.Json)
            {
                run.Out.WriteJson(answer);
                return ExitCodes.Success;
            }

            var repeat = answer.Text("duplicate") == "true" ? " (a repeat: nothing new was queued)" : "";
            run.Out.WriteLine($"Event {answer.Text("id")} accepted: {answer.Text("deliveries")} deliveries queued, {answer.Text("skipped")} subscribers skipped{repeat}.",
                Spectre.Console.Color.Green);
            return ExitCodes.Success;
        });
        events.Subcommands.Add(publish);
        return events;
    }

    private static async Task<string> ReadEventAsync(string source, CancellationToken cancellationToken)
    {
        try
        {
            using var reader = source == "-" ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8) : new StreamReader(source, Encoding.UTF8);
            var buffer = new char[MaxEventChars + 1];
            var read = 0;
            while (read < buffer.Length && await reader.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
            {
                read += n;
            }

            return read > MaxEventChars
                ? throw new UsageException($"The event is longer than {MaxEventChars} characters; the service accepts at most 1 MiB.")
                : new string(buffer, 0, read);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot read the event from '{source}': {error.Message}");
        }
    }
}
