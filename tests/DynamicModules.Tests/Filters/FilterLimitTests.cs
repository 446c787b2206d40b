using DynamicModules.Filters;
using static DynamicModules.Tests.Filters.SamplePayloads;

namespace DynamicModules.Tests.Filters;

public class FilterLimitTests
{
    private static readonly string BigListPayload = "{\"items\": [" + string.Join(",", Enumerable.Range(0, 30_000)) + "]}";

    [Fact]
    public void MapOverBigListExceedsDefaultStepBudget()
    {
        var outcome = CompileExpression("event.items.map(x => x + 1).length > 0").Evaluate(Parse(BigListPayload));
        outcome.Matched.ShouldBeFalse();
        outcome.Error.ShouldBe("Evaluation exceeded the budget of 50000 steps.");
        outcome.Steps.ShouldBe(50_001);
    }

    [Fact]
    public void SmallListStaysWithinStepBudget()
    {
        var outcome = CompileExpression("event.items.some(x => x == 9999)").Evaluate(Parse(BigListPayload));
        outcome.ShouldBe(new FilterOutcome(true, null, outcome.Steps));
        outcome.Steps.ShouldBeLessThan(50_000);
    }

    [Fact]
    public void StepBudgetCanBeLowered()
    {
        var filter = CompileExpression("event.issue.key == 'PROJ-42'", new FilterLimits(MaxSteps: 4));
        filter.Evaluate(IssueUpdated).Error.ShouldBe("Evaluation exceeded the budget of 4 steps.");
    }

    [Fact]
    public void SourceAtLengthLimitCompiles()
    {
        var source = "true" + new string(' ', 10_000 - 4);
        FilterCompiler.Compile(FilterLanguage.Expression, source).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void SourceOverLengthLimitIsRejected()
    {
        var source = "true" + new string(' ', 10_000 - 3);
        SingleError(FilterLanguage.Expression, source)
            .ShouldBe(new FilterError("The filter is too long (10001 characters), limit: 10000 characters.", 1, 10_001));
    }

    [Fact]
    public void JqlOverLengthLimitIsRejected() =>
        FilterCompiler.Compile(FilterLanguage.Jql, "project = A" + new string(' ', 100), new FilterLimits(MaxLength: 100))
            .Errors.ShouldHaveSingleItem().Message.ShouldBe("The filter is too long (111 characters), limit: 100 characters.");
}
