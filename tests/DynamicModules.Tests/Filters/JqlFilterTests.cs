using DynamicModules.Filters;
using static DynamicModules.Tests.Filters.SamplePayloads;

namespace DynamicModules.Tests.Filters;

public class JqlFilterTests
{
    private static FilterOutcome Match(string jql, string payload = SamplePayloads.IssueUpdatedJson)
    {
        var compilation = FilterCompiler.Compile(FilterLanguage.Jql, jql);
        compilation.Errors.ShouldBeEmpty($"'{jql}' should compile");
        return compilation.Filter!.Evaluate(Parse(payload));
    }

    private const string UnassignedIssue = """{ "issue": { "key": "OPS-7", "fields": { "project": { "key": "OPS", "name": "Operations", "id": "10100" }, "assignee": null, "labels": [] } } }""";

    [Theory]
    [InlineData("project = PROJ", true)]
    [InlineData("project = proj", true)]
    [InlineData("project = \"Payments Platform\"", true)]
    [InlineData("project = 'payments platform'", true)]
    [InlineData("project = 10000", true)]
    [InlineData("project = OPS", false)]
    [InlineData("issuetype = Bug", true)]
    [InlineData("type = bug", true)]
    [InlineData("issuetype = Story", false)]
    [InlineData("status = \"In Progress\"", true)]
    [InlineData("status = Done", false)]
    [InlineData("priority = High", true)]
    [InlineData("priority = 2", true)]
    [InlineData("assignee = 5b10ac8d82e05b22cc7d4ef5", true)]
    [InlineData("reporter = \"557058:f58131cb\"", true)]
    [InlineData("reporter = 5b10ac8d82e05b22cc7d4ef5", false)]
    [InlineData("labels = urgent", true)]
    [InlineData("labels = URGENT", true)]
    [InlineData("labels = calm", false)]
    [InlineData("issuekey = PROJ-42", true)]
    [InlineData("issueKey = proj-42", true)]
    [InlineData("key = 10042", true)]
    [InlineData("issuekey = PROJ-41", false)]
    public void JqlEqualsMatchesEachField(string jql, bool expected) => Match(jql).Matched.ShouldBe(expected);

    [Theory]
    [InlineData("project != OPS", true)]
    [InlineData("project != PROJ", false)]
    [InlineData("project != \"Payments Platform\"", false)]
    [InlineData("labels != urgent", false)]
    [InlineData("labels != calm", true)]
    [InlineData("project IN (OPS, PROJ)", true)]
    [InlineData("project in (\"OPS\", \"X\")", false)]
    [InlineData("status IN ('To Do', 'In Progress')", true)]
    [InlineData("labels IN (calm, safari)", true)]
    [InlineData("project NOT IN (OPS, X)", true)]
    [InlineData("project not in (OPS, PROJ)", false)]
    [InlineData("issuetype NOT IN (Story, Task)", true)]
    [InlineData("status ~ progress", true)]
    [InlineData("status ~ \"IN PROG\"", true)]
    [InlineData("status ~ done", false)]
    [InlineData("labels ~ saf", true)]
    [InlineData("labels ~ xyz", false)]
    [InlineData("project ~ payments", true)]
    [InlineData("assignee IS NOT EMPTY", true)]
    [InlineData("assignee IS EMPTY", false)]
    [InlineData("assignee is not null", true)]
    [InlineData("labels IS EMPTY", false)]
    [InlineData("assignee = EMPTY", false)]
    [InlineData("assignee != EMPTY", true)]
    public void JqlOperatorsMatchLikeJira(string jql, bool expected) => Match(jql).Matched.ShouldBe(expected);

    [Theory]
    [InlineData("assignee IS EMPTY", true)]
    [InlineData("assignee = EMPTY", true)]
    [InlineData("assignee != someone", false)]
    [InlineData("assignee NOT IN (someone)", false)]
    [InlineData("labels IS EMPTY", true)]
    [InlineData("labels != urgent", false)]
    [InlineData("priority IS EMPTY", true)]
    [InlineData("project = OPS AND assignee IS EMPTY", true)]
    public void JqlNotEqualsNeverMatchesEmptyFields(string jql, bool expected) => Match(jql, UnassignedIssue).Matched.ShouldBe(expected);

    [Theory]
    [InlineData("project = OPS OR project = PROJ AND issuetype = Story", false)]
    [InlineData("project = PROJ OR project = OPS AND issuetype = Story", true)]
    [InlineData("(project = PROJ OR project = OPS) AND issuetype = Story", false)]
    [InlineData("project = PROJ AND issuetype = Bug AND priority = High", true)]
    [InlineData("NOT project = OPS", true)]
    [InlineData("NOT project = PROJ OR labels = urgent", true)]
    [InlineData("NOT (project = PROJ OR labels = urgent)", false)]
    [InlineData("not not project = PROJ", true)]
    [InlineData("project = PROJ and (status = Done or labels in (urgent))", true)]
    public void JqlAndBindsTighterThanOr(string jql, bool expected) => Match(jql).Matched.ShouldBe(expected);

    [Theory]
    [InlineData("summary = x", 1, 1, "Unknown field 'summary'. Supported fields: project, issuetype, status, priority, assignee, reporter, labels, issuekey.")]
    [InlineData("project = A AND sprint = 1", 1, 17, "Unknown field 'sprint'. Supported fields: project, issuetype, status, priority, assignee, reporter, labels, issuekey.")]
    [InlineData("project > A", 1, 9, "Operator '>' is not supported. Supported operators: =, !=, IN, NOT IN, ~, IS EMPTY, IS NOT EMPTY.")]
    [InlineData("status !~ x", 1, 8, "Operator '!~' is not supported. Supported operators: =, !=, IN, NOT IN, ~, IS EMPTY, IS NOT EMPTY.")]
    [InlineData("status WAS Done", 1, 8, "Unknown operator 'WAS'. Supported operators: =, !=, IN, NOT IN, ~, IS EMPTY, IS NOT EMPTY.")]
    [InlineData("project", 1, 8, "Expected an operator after 'project', but found the end of the query.")]
    [InlineData("project =", 1, 10, "Expected a value, but found the end of the query.")]
    [InlineData("project IN OPS", 1, 12, "Expected '(' to start a list of values, but found 'OPS'.")]
    [InlineData("project IN (A B)", 1, 15, "Expected ',' or ')' in the list of values, but found 'B'.")]
    [InlineData("project NOT A", 1, 13, "Expected IN after NOT, but found 'A'.")]
    [InlineData("assignee IS bob", 1, 13, "Expected EMPTY after IS, but found 'bob'.")]
    [InlineData("(project = A", 1, 13, "Expected ')', but found the end of the query.")]
    [InlineData("project = A project = B", 1, 13, "Expected AND, OR or the end of the query, but found 'project'.")]
    [InlineData("assignee = currentUser()", 1, 12, "Function 'currentUser()' is not supported; use a literal value.")]
    [InlineData("project = \"A", 1, 11, "Unterminated quoted value.")]
    [InlineData("project = A AND\n  bogus = 1", 2, 3, "Unknown field 'bogus'. Supported fields: project, issuetype, status, priority, assignee, reporter, labels, issuekey.")]
    public void JqlReportsErrorsWithPositions(string jql, int line, int column, string message) =>
        SingleError(FilterLanguage.Jql, jql).ShouldBe(new FilterError(message, line, column));

    [Fact]
    public void JqlReportsErrorForEventWithoutIssue()
    {
        var outcome = Match("project = A", """{ "comment": {} }""");
        outcome.Matched.ShouldBeFalse();
        outcome.Error.ShouldBe("The event has no 'issue' object to match the JQL filter against.");
    }

    [Fact]
    public void JqlCountsStepsAndCost()
    {
        var compilation = FilterCompiler.Compile(FilterLanguage.Jql, "project = PROJ AND NOT status = Done");
        compilation.Cost.ShouldBe(4);
        compilation.Filter!.Evaluate(IssueUpdated).ShouldBe(new FilterOutcome(true, null, 4));
    }
}
