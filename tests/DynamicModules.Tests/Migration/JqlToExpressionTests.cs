using DynamicModules.Migration;

namespace DynamicModules.Tests.Migration;

/// <summary>The translation's exact text for each JQL construct, and the constructs it refuses with a reason.</summary>
public class JqlToExpressionTests
{
    private const string Key = "event.issue.key";
    private const string Labels = "event.issue.fields?.labels";
    private const string Assignee = "event.issue.fields?.assignee?.accountId";

    [Theory]
    [InlineData("assignee = bob", $"event.issue != null && {Assignee} != null && {Assignee}.toUpperCase() == 'BOB'")]
    [InlineData("assignee IN (bob, 'Al')", $"event.issue != null && {Assignee} != null && ['BOB', 'AL'].includes({Assignee}.toUpperCase())")]
    [InlineData("assignee != bob",
        $"event.issue != null && {Assignee} != null && {Assignee} != '' && !({Assignee} != null && {Assignee}.toUpperCase() == 'BOB')")]
    [InlineData("assignee IS EMPTY", $"event.issue != null && !({Assignee} != null && {Assignee} != '')")]
    [InlineData("assignee is not null", $"event.issue != null && {Assignee} != null && {Assignee} != ''")]
    [InlineData("labels = urgent", $"event.issue != null && {Labels} != null && {Labels}.some(l => l != null && l.toUpperCase() == 'URGENT')")]
    [InlineData("labels ~ urg", $"event.issue != null && {Labels} != null && {Labels}.some(l => l != null && l.toUpperCase().includes('URG'))")]
    [InlineData("key = 'PROJ-1'",
        $"event.issue != null && {Key} != null && {Key}.toUpperCase() == 'PROJ-1' || event.issue.id != null && event.issue.id.toUpperCase() == 'PROJ-1'")]
    public void ConstructsTranslateToExactExpressions(string jql, string expected)
    {
        var translation = JqlToExpression.Translate(jql);
        translation.Reason.ShouldBeNull();
        translation.Expression.ShouldBe(expected.Contains(" || ", StringComparison.Ordinal) ? "event.issue != null && (" + expected["event.issue != null && ".Length..] + ")" : expected);
    }

    [Fact]
    public void ValuesWithoutCaseCompareWithPlainEquality()
    {
        JqlToExpression.Translate("issuekey = 10042").Expression.ShouldBe("event.issue != null && (event.issue.key == '10042' || event.issue.id == '10042')");
        JqlToExpression.Translate("NOT labels IN (1, 2)").Expression.ShouldBe($"event.issue != null && !({Labels} != null && {Labels}.some(l => ['1', '2'].includes(l)))");
        JqlToExpression.Translate("NOT assignee = 7").Expression.ShouldBe($"event.issue != null && !({Assignee} == '7')");
    }

    [Fact]
    public void PrecedenceIsKeptWithParentheses()
    {
        var expression = JqlToExpression.Translate("NOT assignee = a AND (reporter = b OR labels IS EMPTY)").Expression!;
        expression.ShouldStartWith($"event.issue != null && !({Assignee} != null && {Assignee}.toUpperCase() == 'A') && (");
    }

    [Fact]
    public void AnSComparesWithoutLongS()
    {
        // 'ſ' upper-cases to 'S' but our JQL does not equate them: payload strings with 'ſ' are excluded.
        JqlToExpression.Translate("status = Done").Expression!.ShouldNotContain("\\u017f");
        JqlToExpression.Translate("status = Stop").Expression!.ShouldContain("!event.issue.fields?.status?.name.includes('\\u017f') && ");
    }

    [Fact]
    public void KelvinSignLowerCasesButLetterKUpperCases()
    {
        // 'desk' has an s (upper-casing folds 'ſ' into it) and a k (lower-casing folds the Kelvin sign into it):
        // equality still works with the 'ſ' guard, a substring search has no exact form.
        JqlToExpression.Translate("status = desk").Expression.ShouldNotBeNull();
        JqlToExpression.Translate("status ~ desk").Reason.ShouldNotBeNull().ShouldContain("'~'");
        JqlToExpression.Translate("status ~ es").Expression!.ShouldContain(".toLowerCase().includes('es')");
    }

    [Fact]
    public void ValuesThatNeverMatchStillNeedAnIssueObject()
    {
        // JQL delivers nothing for an event without an issue object, even for "NOT key = ''" which every issue matches.
        JqlToExpression.Translate("NOT key = ''").Expression.ShouldBe("event.issue != null && event.issue.key == event.issue.key && !false");
    }

    [Theory]
    [InlineData("project = ")]
    [InlineData("summary = x")]
    [InlineData("labels ~ '\U00010428'")]
    public void RefusalsComeWithAReason(string jql)
    {
        var translation = JqlToExpression.Translate(jql);
        translation.Expression.ShouldBeNull();
        translation.Reason.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void QuotesAndBackslashesAreEscaped() =>
        JqlToExpression.Translate("""assignee = "a'b\\c" """).Expression!.ShouldContain("== 'A\\'B\\\\C'");
}
