using static DynamicModules.Tests.Filters.SamplePayloads;

namespace DynamicModules.Tests.Filters;

public class ExpressionEvaluationTests
{
    [Theory]
    [InlineData("event.issue.fields.issuetype.name == 'Bug'", true)]
    [InlineData("event.issue.fields.issuetype.name == \"Bug\"", true)]
    [InlineData("event.issue.fields.issuetype.name != 'Bug'", false)]
    [InlineData("event.issue.key == 'PROJ-42'", true)]
    [InlineData("event.selfGenerated == false", true)]
    [InlineData("event.issue.fields.storyPoints == 5", true)]
    [InlineData("event.issue.fields.storyPoints == 5.0", true)]
    [InlineData("event.issue.fields.storyPoints == 50e-1", true)]
    [InlineData("event.issue.fields.resolution == null", true)]
    [InlineData("event.issue.fields.missing == null", true)]
    [InlineData("event['issue']['key'] == 'PROJ-42'", true)]
    [InlineData("event.issue.fields.labels[1] == 'urgent'", true)]
    [InlineData("event.issue.fields.labels[7] == null", true)]
    [InlineData("event.issue.fields.components[1].name == 'api'", true)]
    [InlineData("event.changelog.items[0]['toString'] == 'In Progress'", true)]
    public void ExpressionReadsPayloadValues(string source, bool expected) => Evaluate(source).ShouldBe(new(expected, null, Evaluate(source).Steps));

    [Theory]
    [InlineData("'it\\'s' == \"it's\"")]
    [InlineData("'a\\nb'.length == 3")]
    [InlineData("'\\u0041' == 'A'")]
    [InlineData("\"tab\\there\".includes('\\t')")]
    [InlineData("'\\\\'.length == 1")]
    [InlineData("true")]
    [InlineData("!false")]
    [InlineData("null == null")]
    [InlineData("[1, 2, 3].length == 3")]
    [InlineData("[1, 'a', true][1] == 'a'")]
    [InlineData("[] == []")]
    [InlineData("[1, [2]] == [1, [2]]")]
    [InlineData("{ a: 1, 'b': 'x' }.b == 'x'")]
    [InlineData("{ a: 1 }['a'] == 1")]
    [InlineData("{ a: 1 } == { a: 1 }")]
    [InlineData("{ a: 1 }.zzz == null")]
    [InlineData(".5 == 0.5")]
    public void ExpressionEvaluatesLiterals(string source) => Evaluate(source).Matched.ShouldBeTrue();

    [Theory]
    [InlineData("1 == '1'")]
    [InlineData("0 == false")]
    [InlineData("null == false")]
    [InlineData("'' == null")]
    [InlineData("event.issue.fields.storyPoints == '5'")]
    [InlineData("event.issue.fields.labels == 'urgent'")]
    public void EqualityDoesNotCoerceTypes(string source) => Evaluate(source).ShouldBe(new(false, null, Evaluate(source).Steps));

    [Theory]
    [InlineData("1 + 2 * 3 == 7")]
    [InlineData("(1 + 2) * 3 == 9")]
    [InlineData("10 - 4 - 3 == 3")]
    [InlineData("2 * 3 % 4 == 2")]
    [InlineData("7 % 3 == 1")]
    [InlineData("-7 % 3 == -1")]
    [InlineData("1 / 4 == 0.25")]
    [InlineData("-event.issue.fields.storyPoints == -5")]
    [InlineData("- -3 == 3")]
    [InlineData("'a' + 'b' + 'c' == 'abc'")]
    [InlineData("event.issue.key + '!' == 'PROJ-42!'")]
    [InlineData("1 + 2 < 4")]
    [InlineData("1 < 2 == true")]
    public void ArithmeticFollowsUsualPrecedence(string source) => Evaluate(source).Matched.ShouldBeTrue();

    [Theory]
    [InlineData("true || false && false", true)]
    [InlineData("(true || false) && false", false)]
    [InlineData("false && false || true", true)]
    [InlineData("!true == false", true)]
    [InlineData("!(true == false)", true)]
    [InlineData("!false && false", false)]
    [InlineData("true ? false : true ? true : true", false)]
    [InlineData("false ? true : false ? true : false", false)]
    [InlineData("false ? true : true ? true : false", true)]
    [InlineData("true ? true ? false : true : true", false)]
    [InlineData("1 < 2 && 2 < 3", true)]
    [InlineData("1 == 1 != false", true)]
    public void LogicFollowsJavaScriptPrecedence(string source, bool expected) => Evaluate(source).Matched.ShouldBe(expected);

    [Theory]
    [InlineData("2 < 10", true)]
    [InlineData("2 <= 2", true)]
    [InlineData("3 > 2", true)]
    [InlineData("2 >= 3", false)]
    [InlineData("'abc' < 'abd'", true)]
    [InlineData("'B' < 'a'", true)]
    [InlineData("'b' >= 'b'", true)]
    [InlineData("event.issue.fields.storyPoints > 3", true)]
    [InlineData("event.issue.key > 'PROJ-1'", true)]
    public void ComparisonsOrderNumbersAndStrings(string source, bool expected) => Evaluate(source).Matched.ShouldBe(expected);

    [Fact]
    public void AndShortCircuitsBeforeAnError() =>
        Evaluate("false && event.nothing.deeper == 1").ShouldBe(new(false, null, 2));

    [Fact]
    public void OrShortCircuitsBeforeAnError() =>
        Evaluate("true || event.nothing.deeper == 1").Matched.ShouldBeTrue();

    [Theory]
    [InlineData("event.issue.fields.labels.includes('urgent')", true)]
    [InlineData("event.issue.fields.labels.includes('calm')", false)]
    [InlineData("event.issue.fields.labels.indexOf('safari') == 2", true)]
    [InlineData("event.issue.fields.labels.indexOf('x') == -1", true)]
    [InlineData("event.issue.fields.labels.length == 3", true)]
    [InlineData("event.issue.fields.labels.map(l => l.length).includes(6)", true)]
    [InlineData("event.issue.fields.labels.map((l) => l.toUpperCase())[0] == 'CUSTOMER'", true)]
    [InlineData("event.issue.fields.labels.filter(l => l.startsWith('s')).length == 1", true)]
    [InlineData("event.issue.fields.labels.some(l => l == 'urgent')", true)]
    [InlineData("event.issue.fields.labels.every(l => l.length > 5)", true)]
    [InlineData("event.issue.fields.labels.every(l => l.length > 6)", false)]
    [InlineData("event.issue.fields.components.some(c => c.name == 'api')", true)]
    [InlineData("event.changelog.items.filter(i => i.field == 'status').map(i => i['toString'])[0] == 'In Progress'", true)]
    [InlineData("[[1, 2], [3]].some(xs => xs.some(x => x == 3))", true)]
    [InlineData("[1, 2, 3].map(x => x * 2) == [2, 4, 6]", true)]
    [InlineData("[1, 2, 3].filter(x => x > 1).every(x => x >= 2)", true)]
    [InlineData("[].some(x => x)", false)]
    [InlineData("[].every(x => x)", true)]
    [InlineData("[1, 2].map(event => event + 1)[0] == 2", true)]
    [InlineData("[1, 2].some(x => [10, 20].some(y => x * 10 == y))", true)]
    public void ListMethodsWork(string source, bool expected) => Evaluate(source).ShouldBe(new(expected, null, Evaluate(source).Steps));

    [Theory]
    [InlineData("event.issue.fields.summary.includes('Safari')", true)]
    [InlineData("event.issue.fields.summary.includes('safari')", false)]
    [InlineData("event.issue.fields.summary.toLowerCase().includes('safari')", true)]
    [InlineData("event.issue.key.startsWith('PROJ-')", true)]
    [InlineData("event.issue.key.endsWith('-42')", true)]
    [InlineData("event.issue.key.toLowerCase() == 'proj-42'", true)]
    [InlineData("'ab'.toUpperCase() == 'AB'", true)]
    [InlineData("'  x '.trim() == 'x'", true)]
    [InlineData("event.issue.key.length == 7", true)]
    [InlineData("event.issue.key.indexOf('-') == 4", true)]
    [InlineData("event.issue.key[0] == 'P'", true)]
    [InlineData("event.issue.fields.summary.includes('\"500\"')", true)]
    public void StringMethodsWork(string source, bool expected) => Evaluate(source).ShouldBe(new(expected, null, Evaluate(source).Steps));

    [Theory]
    [InlineData("event.issue.fields?.issuetype.name == 'Bug'", true)]
    [InlineData("event.nothing?.issuetype.name == null", true)]
    [InlineData("event.nothing?.a.b.c.d == null", true)]
    [InlineData("event.nothing?.[0].name == null", true)]
    [InlineData("event.issue.fields.labels?.[0] == 'customer'", true)]
    [InlineData("event.nothing?.map(x => x).length == null", true)]
    [InlineData("event.issue.fields.resolution?.name == null", true)]
    [InlineData("(event.nothing?.a) == null", true)]
    public void OptionalChainingYieldsNullForMissingValues(string source, bool expected) => Evaluate(source).ShouldBe(new(expected, null, Evaluate(source).Steps));

    [Theory]
    [InlineData("event.nothing.name == 'x'", "Cannot read property 'name' of null.")]
    [InlineData("event.issue.fields.resolution.name == 'Done'", "Cannot read property 'name' of null.")]
    [InlineData("(event.nothing?.a).b == 1", "Cannot read property 'b' of null.")]
    [InlineData("event.nothing[0] == 1", "Cannot index null.")]
    [InlineData("event.nothing.includes('x')", "Cannot call method 'includes' of null.")]
    [InlineData("event.issue.fields.storyPoints.name == 1", "Number has no property 'name'.")]
    [InlineData("event.issue.fields.storyPoints.map(x => x) == []", "Number has no method 'map'.")]
    [InlineData("event.issue.key.map(x => x) == []", "String has no method 'map'.")]
    [InlineData("event.issue.fields.labels.toLowerCase() == 'x'", "List has no method 'toLowerCase'.")]
    [InlineData("event.issue.fields.storyPoints && true", "Operator '&&' needs Boolean operands, not Number.")]
    [InlineData("true && event.issue.key", "Operator '&&' needs Boolean operands, not String.")]
    [InlineData("!event.issue.key", "Operator '!' needs a Boolean, not String.")]
    [InlineData("event.issue.key - 1 == 0", "Operator '-' needs Number operands, not String and Number.")]
    [InlineData("event.issue.key + 1 == 0", "Operator '+' adds two Numbers or joins two Strings, not String and Number.")]
    [InlineData("event.issue.key < 1", "Can't compare String to Number.")]
    [InlineData("event.selfGenerated ? true : false", null)]
    [InlineData("event.issue.key ? true : false", "The condition of '?:' must be a Boolean, not String.")]
    [InlineData("event.issue.fields.labels.some(l => l.length)", "The function given to 'some' returned Number, not a Boolean.")]
    [InlineData("event.issue.key.includes(1)", "Method 'includes' of String expects a String argument, not Number.")]
    [InlineData("event.issue.key", "The expression evaluated to String, not a Boolean.")]
    [InlineData("event.issue.fields.resolution", "The expression evaluated to Null, not a Boolean.")]
    public void RuntimeErrorsAreReportedNotThrown(string source, string? error)
    {
        var outcome = Evaluate(source);
        outcome.Error.ShouldBe(error);
        if (error is not null)
        {
            outcome.Matched.ShouldBeFalse();
        }
    }

    [Fact]
    public void ExpressionCountsOneStepPerEvaluatedNode()
    {
        // event, .issue, .key, 'PROJ-42', == : five nodes.
        Evaluate("event.issue.key == 'PROJ-42'").Steps.ShouldBe(5);
    }

    [Fact]
    public void RepeatedPayloadPathsCountTheirStepsEveryTime()
    {
        // Read once, counted twice: (&&) + (== 'PROJ-42' + 3-node chain) + (== + .length + 3-node chain + 7).
        Evaluate("event.issue.key == 'PROJ-42' && event.issue.key.length == 7").ShouldBe(new(true, null, 12));
    }

    [Fact]
    public void ListCallbacksCountOneStepPerElement()
    {
        // [1, 2, 3] is 4 steps, .map 1, three callbacks 3, body x * 2 is 3 nodes each (9), .length 1, 3 1, == 1.
        Evaluate("[1, 2, 3].map(x => x * 2).length == 3").Steps.ShouldBe(20);
    }

    [Fact]
    public void EvaluationHandlesEventThatIsNotAnObject()
    {
        var filter = CompileExpression("event.issue == null");
        filter.Evaluate(Parse("[]")).Error.ShouldBe("List has no property 'issue'.");
        filter.Evaluate(Parse("null")).Error.ShouldBe("Cannot read property 'issue' of null.");
        filter.Evaluate(Parse("{}")).Matched.ShouldBeTrue();
    }

    [Fact]
    public void CompiledFilterIsSafeToShareAcrossThreads()
    {
        var filter = CompileExpression("event.issue.fields.labels.map(l => l.toUpperCase()).includes('URGENT')");
        var results = new bool[64];
        Parallel.For(0, results.Length, i => results[i] = filter.Evaluate(IssueUpdated).Matched);
        results.ShouldAllBe(matched => matched);
    }
}
