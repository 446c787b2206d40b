using DynamicModules.Filters;
using static DynamicModules.Tests.Filters.SamplePayloads;

namespace DynamicModules.Tests.Filters;

public class ExpressionCompileErrorTests
{
    [Theory]
    [InlineData("!'x'", 1, 1, "Operator '!' needs a Boolean operand, not String.")]
    [InlineData("1 && true", 1, 3, "Operator '&&' needs Boolean operands, not Number and Boolean.")]
    [InlineData("true || 'x'", 1, 6, "Operator '||' needs Boolean operands, not Boolean and String.")]
    [InlineData("'a' - 1 == 0", 1, 5, "Operator '-' needs Number operands, not String and Number.")]
    [InlineData("'a' + 1 == 'a1'", 1, 5, "Operator '+' adds two Numbers or joins two Strings, not String and Number.")]
    [InlineData("-'a' == 1", 1, 1, "Operator '-' needs a Number operand, not String.")]
    [InlineData("1 < 'a'", 1, 3, "Can't compare Number to String.")]
    [InlineData("true < false", 1, 6, "Operator '<' compares Numbers or Strings, not Boolean and Boolean.")]
    [InlineData("'x' ? true : false", 1, 5, "The condition of '?:' must be a Boolean, not String.")]
    [InlineData("event.issue.key.frobnicate()", 1, 17, "Unknown method 'frobnicate'.")]
    [InlineData("event.issue.key.includes()", 1, 17, "Method 'includes' expects 1 argument, but 0 given.")]
    [InlineData("event.issue.key.trim(1) == ''", 1, 17, "Method 'trim' expects 0 arguments, but 1 given.")]
    [InlineData("(1).map(x => x) == []", 1, 5, "Number has no method 'map'.")]
    [InlineData("'abc'.map(x => x) == []", 1, 7, "String has no method 'map'.")]
    [InlineData("[1].toLowerCase() == ''", 1, 5, "List<Number> has no method 'toLowerCase'.")]
    [InlineData("'abc'.includes(1)", 1, 16, "Method 'includes' of String expects a String argument, not Number.")]
    [InlineData("(x => x) == 1", 1, 2, "Arrow functions are only allowed as arguments of list methods (map, filter, some, every).")]
    [InlineData("[1].includes(x => x)", 1, 14, "Arrow functions are only allowed as arguments of list methods (map, filter, some, every).")]
    [InlineData("[1].map(1) == []", 1, 9, "Method 'map' expects an arrow function such as 'x => ...'.")]
    [InlineData("[1].map((a, b) => a) == []", 1, 9, "The function given to 'map' must take exactly one parameter.")]
    [InlineData("[1].some(x => x + 1)", 1, 17, "The function given to 'some' must return a Boolean, not Number.")]
    [InlineData("[1].map(x => x.name) == []", 1, 16, "Number has no property 'name'.")]
    [InlineData("issue.key == 'A'", 1, 1, "Unknown identifier 'issue'; the only variable is 'event'.")]
    [InlineData("[1].map(x => y) == []", 1, 14, "Unknown identifier 'y'; the only variable is 'event'.")]
    [InlineData("foo() == 1", 1, 4, "Unknown function 'foo'; only methods of lists and strings can be called.")]
    [InlineData("null.a == 1", 1, 6, "Cannot read property 'a' of null.")]
    [InlineData("(1).a == 1", 1, 5, "Number has no property 'a'.")]
    [InlineData("'abc'.toLowerCase == 1", 1, 7, "String has no property 'toLowerCase' ('toLowerCase' is a method and must be called).")]
    [InlineData("[1]['a'] == 1", 1, 5, "A List index must be a Number, not String.")]
    [InlineData("1 + 2", 1, 3, "The expression must evaluate to a Boolean, but its type is Number.")]
    [InlineData("'yes'", 1, 1, "The expression must evaluate to a Boolean, but its type is String.")]
    [InlineData("[true]", 1, 1, "The expression must evaluate to a Boolean, but its type is List<Boolean>.")]
    public void ExpressionReportsTypeErrorsWithPositions(string source, int line, int column, string message) =>
        SingleError(FilterLanguage.Expression, source).ShouldBe(new FilterError(message, line, column));

    [Theory]
    [InlineData("event.issue.key ==", 1, 19, "Unexpected end of expression.")]
    [InlineData("event.issue.key = 'A'", 1, 17, "Assignment is not supported; did you mean '=='?")]
    [InlineData("event.issue.key === 'A'", 1, 17, "'===' is not supported; use '==', which is already strict.")]
    [InlineData("event.issue.key !== 'A'", 1, 17, "'!==' is not supported; use '!=', which is already strict.")]
    [InlineData("'abc", 1, 1, "Unterminated string literal.")]
    [InlineData("'a\\q' == 'a'", 1, 3, "Invalid escape sequence in string literal.")]
    [InlineData("(true", 1, 6, "')' expected, end of expression encountered.")]
    [InlineData("true)", 1, 5, "Unexpected ')'.")]
    [InlineData("event.#", 1, 7, "Unexpected character '#'.")]
    [InlineData("event.1 == 1", 1, 6, "Unexpected '.1'.")]
    [InlineData("event. == 1", 1, 8, "Property name expected, '==' encountered.")]
    [InlineData("true ? 1", 1, 9, "':' expected, end of expression encountered.")]
    [InlineData("12abc == 1", 1, 3, "Unexpected character 'a' after number.")]
    [InlineData("true &&\n  event.issue.key ==\n   ", 3, 4, "Unexpected end of expression.")]
    [InlineData("true &&\n  event.issue.key @ 1", 2, 19, "Unexpected character '@'.")]
    public void ExpressionReportsSyntaxErrorsWithPositions(string source, int line, int column, string message) =>
        SingleError(FilterLanguage.Expression, source).ShouldBe(new FilterError(message, line, column));

    [Fact]
    public void ExpressionReportsEveryTypeErrorInSourceOrder()
    {
        var compilation = FilterCompiler.Compile(FilterLanguage.Expression, "1 && 'a' - 1 == 0 || !\n'x'");
        compilation.Errors.Select(e => (e.Line, e.Column)).ShouldBe([(1, 3), (1, 10), (1, 22)]);
        compilation.Cost.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void ExpressionReportsColumnOfUnknownMethod() =>
        SingleError(FilterLanguage.Expression, "event.issue.fields.labels.contains('x')").Column.ShouldBe(27);

    [Fact]
    public void EmptyExpressionIsAnError() =>
        SingleError(FilterLanguage.Expression, "  ").ShouldBe(new FilterError("The filter is empty.", 1, 1));

    [Fact]
    public void DeeplyNestedExpressionIsAnErrorNotACrash() =>
        SingleError(FilterLanguage.Expression, new string('(', 4000) + "true" + new string(')', 4000)).Message.ShouldContain("nested too deeply");

    [Fact]
    public void CostWeighsListCallbacks()
    {
        var plain = FilterCompiler.Compile(FilterLanguage.Expression, "event.a == 1");
        var callback = FilterCompiler.Compile(FilterLanguage.Expression, "event.a.some(x => x == 1)");
        plain.Cost.ShouldBe(4);
        // event, .a, some() and the arrow count once; the body's three nodes count ten times each.
        callback.Cost.ShouldBe(4 + 30);
    }
}
