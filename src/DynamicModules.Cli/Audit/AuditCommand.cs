using System.CommandLine;
using System.Text.Json.Nodes;
using DynamicModules.Cli.Output;
using static DynamicModules.Cli.CommandActions;

namespace DynamicModules.Cli.Audit;

/// <summary><c>dynmod audit</c>: a tenant's whole audit log, oldest first.</summary>
internal static class AuditCommand
{
    private const int PageSize = 500;

    public static Command Create()
    {
        var tenant = new Argument<string>("tenant") { Description = "The tenant key" };
        var audit = new Command("audit", "Show a tenant's audit log, oldest first") { tenant };
        audit.SetOperatorAction(async (run, cancellationToken) =>
        {
            var path = $"api/v1/tenants/{Segment(run.Parse.GetRequiredValue(tenant))}/audit?limit={PageSize}";
            var records = new JsonArray();
            for (string? after = "0"; after is not null;)
            {
                var page = await run.Api.GetAsync($"{path}&after={after}", cancellationToken);
                foreach (var record in page.Items("records"))
                {
                    records.Add(record?.DeepClone());
                }

                after = page?["next"] is JsonValue next ? next.ToJsonString() : null;
            }

            if (run.Out.Json)
            {
                run.Out.WriteJson(records);
                return ExitCodes.Success;
            }

            run.Out.WriteTable(["id", "time", "app", "actor", "operation", "modules"],
                records.Select(r => (IReadOnlyList<string>)[r.Text("id"), r.Time("time"), r.Text("appKey"), r.Text("actor"), r.Text("operation"), r.Text("moduleKeys")]),
                "The audit log is empty.");
            return ExitCodes.Success;
        });
        return audit;
    }
}
