using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Cli.Output;
using DynamicModules.Cli.Service;

namespace DynamicModules.Cli.Expressions;

/// <summary>
/// <c>dynmod expr check</c>: compiles a filter expression (or JQL with <c>--jql</c>) with the service's compiler; with
/// <c>--payload</c> also evaluates it against that event. Invalid is exit 1 with every error and its position; matched
/// or not is exit 0.
/// </summary>
internal static class ExprCommand
{
    /// <summary>The service accepts request bodies up to 1 MiB; a larger payload file is refused before it is sent.</summary>
    private const int MaxPayloadBytes = 1024 * 1024;

    public static Command Create()
    {
        var expression = new Argument<string>("expression") { Description = "The filter expression (or JQL with --jql)" };
        var jql = new Option<bool>("--jql") { Description = "The text is JQL (webhook filters), not a filter expression" };
        var payload = new Option<string?>("--payload") { Description = "A JSON file with a sample event to evaluate the expression against", HelpName = "file" };
        var check = new Command("check", "Check that an expression compiles; with --payload, evaluate it") { expression, jql, payload };
        check.SetOperatorAction(async (run, cancellationToken) =>
        {
            var text = run.Parse.GetRequiredValue(expression);
            var language = run.Parse.GetValue(jql) ? "jql" : "expression";
            return run.Parse.GetValue(payload) is { } file
                ? await EvaluateAsync(run, text, language, ReadPayload(file), cancellationToken)
                : await AnalyseAsync(run, text, language, cancellationToken);
        });
        var expr = new Command("expr", "Check filter expressions and JQL");
        expr.Subcommands.Add(check);
        return expr;
    }

    private static async Task<int> AnalyseAsync(CommandRun run, string text, string language, CancellationToken cancellationToken)
    {
        var answer = await run.Api.SendAsync(HttpMethod.Post, "api/v1/expressions/analyse",
            new AnalyseBody([text], language), OperatorJson.Default.AnalyseBody, cancellationToken);
        var result = answer.Items("results").FirstOrDefault();
        var valid = result.Text("valid") == "true";
        if (run.Out.Json)
        {
            run.Out.WriteJson(result);
        }
        else if (valid)
        {
            run.Out.WriteLine($"Valid {language} (cost {result.Text("cost")}).", Spectre.Console.Color.Green);
        }

        return valid ? ExitCodes.Success : await InvalidAsync(result);
    }

    private static async Task<int> EvaluateAsync(CommandRun run, string text, string language, JsonNode? payload, CancellationToken cancellationToken)
    {
        var answer = await run.Api.SendAsync(HttpMethod.Post, "api/v1/expressions/evaluate",
            new EvaluateBody(text, language, payload), OperatorJson.Default.EvaluateBody, cancellationToken);
        var valid = answer.Text("valid") == "true";
        if (run.Out.Json)
        {
            run.Out.WriteJson(answer);
        }
        else if (valid)
        {
            var matched = answer.Text("matched") == "true";
            var why = answer.Text("error") is { Length: > 0 } error ? $" ({error})" : "";
            run.Out.WriteLine($"{(matched ? "Matched" : "Not matched")}{why}; {answer.Text("steps")} steps.",
                matched ? Spectre.Console.Color.Green : Spectre.Console.Color.Yellow);
        }

        return valid ? ExitCodes.Success : await InvalidAsync(answer);
    }

    // Every compile error on stderr with its 1-based position, whichever output form was asked for.
    private static async Task<int> InvalidAsync(JsonNode? result)
    {
        foreach (var error in result.Items("errors"))
        {
            await Console.Error.WriteLineAsync($"Invalid at line {error.Text("line")}, column {error.Text("column")}: {error.Text("message")}");
        }

        return ExitCodes.Refused;
    }

    private static JsonNode? ReadPayload(string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (!info.Exists)
            {
                throw new UsageException($"--payload: no file '{file}'.");
            }

            if (info.Length > MaxPayloadBytes)
            {
                throw new UsageException($"--payload: '{file}' is {info.Length} bytes; at most {MaxPayloadBytes} are accepted.");
            }

            return JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException error)
        {
            throw new UsageException($"--payload: '{file}' is not JSON: {error.Message}");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--payload: cannot read '{file}': {error.Message}");
        }
    }
}
