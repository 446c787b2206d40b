using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using DynamicModules.Apps.Forge;

namespace DynamicModules.Tests.Apps.Forge;

public class ManifestDocumentReaderTests
{
    private static JsonObject Read(string text)
    {
        var (manifest, problem) = ManifestDocumentReader.Read(text);
        problem.ShouldBeNull();
        return manifest!;
    }

    private static string Refusal(string text)
    {
        var (manifest, problem) = ManifestDocumentReader.Read(text);
        manifest.ShouldBeNull();
        problem.ShouldNotBeNull();
        return problem.Describe();
    }

    [Fact]
    public void PlainScalarsFollowTheYaml12CoreSchemaAndQuotedOnesStayStrings()
    {
        var manifest = Read("""
            a: 1
            b: -2.5
            c: true
            d: ~
            e: null
            f: "1"
            g: 'true'
            h: 0x1F
            i: "text with: colon"
            j: yes
            k: 1e3
            """);

        manifest["a"]!.GetValue<long>().ShouldBe(1);
        manifest["b"]!.GetValue<double>().ShouldBe(-2.5);
        manifest["c"]!.GetValue<bool>().ShouldBeTrue();
        manifest["d"].ShouldBeNull();
        manifest.ContainsKey("e").ShouldBeTrue();
        manifest["f"]!.GetValue<string>().ShouldBe("1");
        manifest["g"]!.GetValue<string>().ShouldBe("true");
        manifest["h"]!.GetValue<long>().ShouldBe(31);
        manifest["i"]!.GetValue<string>().ShouldBe("text with: colon");
        // YAML 1.1's yes/no booleans are gone in 1.2: a string.
        manifest["j"]!.GetValue<string>().ShouldBe("yes");
        manifest["k"]!.GetValue<long>().ShouldBe(1000);
    }

    [Fact]
    public void NestedMappingsAndSequencesBecomeJsonObjectsAndArrays()
    {
        var manifest = Read("""
            modules:
              trigger:
                - key: t-1
                  events: [avi:jira:created:issue, "avi:jira:updated:issue"]
            flow: {x: [1, {y: z}]}
            """);

        manifest.ToJsonString().ShouldBe(
            """{"modules":{"trigger":[{"key":"t-1","events":["avi:jira:created:issue","avi:jira:updated:issue"]}]},"flow":{"x":[1,{"y":"z"}]}}""");
    }

    [Fact]
    public void JsonTextIsReadStrictly()
    {
        Read("""{"app": {"id": "x"}, "modules": {}}""")["app"]!["id"]!.GetValue<string>().ShouldBe("x");
        Refusal("""{"a": 1, "a": 2}""").ShouldContain("a");
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x", "anchors")]
    [InlineData("a: [1]\nb: *x", "aliases")]
    [InlineData("a: !custom 1", "tags")]
    [InlineData("a: !!binary aGk=", "tags")]
    [InlineData("a: 1\na: 2", "Duplicate key 'a'")]
    [InlineData("1: one", "not a string")]
    [InlineData("true: yes", "not a string")]
    [InlineData("? [a]\n: b", "Mapping keys must be strings")]
    [InlineData("a: 1\n---\nb: 2", "one YAML document")]
    [InlineData("a: .inf", "finite")]
    [InlineData("a: \"\\ud800\"", "surrogate")]
    [InlineData("- a\n- b", "mapping of sections")]
    [InlineData("", "empty")]
    [InlineData("a: [unclosed", "Not valid YAML")]
    public void HostileOrUselessYamlIsRefusedWithAReason(string text, string reason) =>
        Refusal(text).ShouldContain(reason);

    [Fact]
    public void ABillionLaughsIsRefusedAtTheFirstAnchor()
    {
        var text = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'j'; level++)
        {
            var previous = (char)(level - 1);
            text.Append(level).Append(": &").Append(level).Append(" [");
            text.Append(string.Join(",", Enumerable.Repeat("*" + previous, 9))).Append("]\n");
        }

        var refusal = Refusal(text.ToString());

        refusal.ShouldStartWith("a: YAML anchors");
    }

    [Fact]
    public void DeepNestingIsRefusedAtTheDepthLimitWithItsPath()
    {
        var refusal = Refusal("a: " + new string('[', 200_000));

        refusal.ShouldContain($"deeper than {ManifestDocumentReader.MaxDepth} levels");
        refusal.ShouldStartWith("a[0][0]");
    }

    [Fact]
    public void TooManyNodesAreRefused()
    {
        var refusal = Refusal("a: [" + string.Join(",", Enumerable.Repeat("1", ManifestDocumentReader.MaxNodes + 10)) + "]");

        refusal.ShouldContain($"more than {ManifestDocumentReader.MaxNodes} nodes");
    }

    [Fact]
    public void TooLongATextIsRefusedBeforeParsing() =>
        Refusal("a: " + new string('x', ManifestDocumentReader.MaxChars)).ShouldContain("characters long");

    [Fact]
    public void ALoneSurrogateInTheTextItselfIsRefused() => Refusal("a: b\ud800").ShouldContain("lone surrogate");

    [Fact]
    public void ProblemsNameThePathOfTheOffendingNode()
    {
        var (_, problem) = ManifestDocumentReader.Read("modules:\n  trigger:\n    - key: a\n      events: *nope\n");

        problem!.Path.ShouldBe("modules.trigger[0].events");
    }

    private static readonly Gen<string> YamlishText = Gen.OneOf(
        Gen.String[Gen.Char["abc:-?[]{},&*!|>'\"#%@`\n \t0123456789.~\\u"], 0, 120],
        Gen.String[0, 60],
        Gen.Const("a: &x [1]\nb: *x"),
        Gen.Const("%YAML 1.2\n---\na: 1"),
        Gen.Const("%TAG ! tag:example.com,2000:\n---\na: !x 1"));

    [Fact]
    public void RandomTextsNeverThrow() => YamlishText.Sample(ReadsWithoutThrowing, iter: 5000);

    // A text on which YamlDotNet's scanner throws InvalidOperationException rather than a YamlException.
    [Fact]
    public void ScannerFailureIsAProblem() => YamlishText.Sample(ReadsWithoutThrowing, iter: 1, seed: "cJ3PpZ8Ku041");

    // A tag whose name is not a valid URI makes YamlDotNet's parser throw ArgumentException (found by RandomTextsNeverThrow).
    [Theory]
    [InlineData("!!@,7[")]
    [InlineData("a: !!@,7[ 1")]
    public void ATagThatIsNotAUriIsAProblem(string text) => Refusal(text).ShouldContain("tag");

    private static void ReadsWithoutThrowing(string text)
    {
        var (manifest, problem) = ManifestDocumentReader.Read(text);
        (manifest is null).ShouldNotBe(problem is null);
        if (manifest is not null)
        {
            // Whatever was accepted is plain JSON the manifest parser can read without throwing.
            ForgeManifestParser.Parse(manifest);
            manifest.ToJsonString();
        }
    }
}
