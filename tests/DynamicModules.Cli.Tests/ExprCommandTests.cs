using DynamicModules.Cli.Tests.Infrastructure;

namespace DynamicModules.Cli.Tests;

/// <summary><c>dynmod expr check</c>: compile with the service's compiler, evaluate with <c>--payload</c>. No storage is involved, so SQLite only.</summary>
public sealed class ExprCommandTests
{
    [Fact]
    public async Task A_valid_expression_exits_0_and_an_invalid_one_exits_1_naming_the_position()
    {
        await using var service = await CliService.StartAsync("sqlite");

        var valid = await service.RunAsync("expr", "check", "event.issue.fields.priority.name == 'High'");
        valid.ExitCode.ShouldBe(0, valid.ToString());
        valid.Stdout.ShouldContain("Valid expression");

        var invalid = await service.RunAsync("expr", "check", "event.issue.key == ");
        invalid.ExitCode.ShouldBe(1, invalid.ToString());
        invalid.Stderr.ShouldContain("line 1, column 20");

        var invalidJson = await service.RunAsync("expr", "check", "event.issue.key == ", "--json");
        invalidJson.ExitCode.ShouldBe(1);
        var result = CliResult.JsonDocumentOf(invalidJson.Stdout);
        result["valid"]!.GetValue<bool>().ShouldBeFalse();
        result["errors"]![0]!["column"]!.GetValue<int>().ShouldBe(20);
    }

    [Fact]
    public async Task Jql_is_checked_as_jql()
    {
        await using var service = await CliService.StartAsync("sqlite");

        var jql = (await service.RunAsync("expr", "check", "project = PROJ AND priority = High", "--jql", "--json")).Json();
        jql["language"]!.GetValue<string>().ShouldBe("jql");
        jql["valid"]!.GetValue<bool>().ShouldBeTrue();

        // The same text is not a valid filter expression.
        (await service.RunAsync("expr", "check", "project = PROJ AND priority = High")).ExitCode.ShouldBe(1);
    }

    [Fact]
    public async Task With_a_payload_the_expression_is_evaluated_and_exits_0_whether_it_matched_or_not()
    {
        await using var service = await CliService.StartAsync("sqlite");
        var payload = Path.Combine(Path.GetTempPath(), $"payload-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(payload, """{"issue": {"fields": {"priority": {"name": "High"}}}}""");
        try
        {
            var matched = (await service.RunAsync("expr", "check", "event.issue.fields.priority.name == 'High'", "--payload", payload, "--json")).Json();
            matched["matched"]!.GetValue<bool>().ShouldBeTrue();

            var notMatched = await service.RunAsync("expr", "check", "event.issue.fields.priority.name == 'Low'", "--payload", payload);
            notMatched.ExitCode.ShouldBe(0, notMatched.ToString());
            notMatched.Stdout.ShouldContain("Not matched");

            var jql = (await service.RunAsync("expr", "check", "priority = High", "--jql", "--payload", payload, "--json")).Json();
            jql["matched"]!.GetValue<bool>().ShouldBeTrue();

            var invalid = await service.RunAsync("expr", "check", "event.issue ==", "--payload", payload);
            invalid.ExitCode.ShouldBe(1, invalid.ToString());
            invalid.Stderr.ShouldContain("line 1, column");
        }
        finally
        {
            File.Delete(payload);
        }
    }
}
