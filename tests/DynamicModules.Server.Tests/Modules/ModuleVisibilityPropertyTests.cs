using System.Net;
using System.Text.Json.Nodes;
using CsCheck;
using DynamicModules.Server.Tests.Infrastructure;
using static DynamicModules.Server.Tests.Modules.ModuleVisibilityTests;

namespace DynamicModules.Server.Tests.Modules;

/// <summary>
/// For generated modules, visibility rules, user roles and viewing contexts, the render-time read answers exactly the
/// modules that a reference predicate, written here from DESIGN §4.8 and independently of the service, says are visible.
/// </summary>
public sealed class ModuleVisibilityPropertyTests
{
    private static readonly string[] RoleNames = ["r-1", "r-2", "product-admin"];
    private static readonly string[] Users = ["u-1", "u-2", "u-3"];
    private static readonly string[] Projects = ["P-1", "P-2"];
    private static readonly string[] Spaces = ["S-1", "S-2"];

    /// <summary>The Connect conditions a generated module may carry: none, or one the service decides.</summary>
    private enum Condition
    {
        None,
        LoggedIn,
        Admin,
        NotAdmin,
    }

    private sealed record Rule(string[] Roles, string[] Users, string[] Projects, string[] Spaces, Condition Condition);

    private sealed record Context(string? User, string? Project, string? Space);

    private sealed record Scenario(Rule[] Modules, string[][] Roles, Context[] Contexts);

    private static Gen<string[]> Subset(string[] values) =>
        Gen.Int[0, (1 << values.Length) - 1].Select(mask => values.Where((_, i) => (mask & (1 << i)) != 0).ToArray());

    private static Gen<string?> OneOrNone(string[] values) =>
        Gen.Int[-1, values.Length - 1].Select(i => i < 0 ? null : values[i]);

    private static readonly Gen<Rule> RuleGen =
        Gen.Select(Subset(RoleNames), Subset([.. Users, "u-4"]), Subset(Projects), Subset(Spaces), Gen.Enum<Condition>())
            .Select((roles, users, projects, spaces, condition) => new Rule(roles, users, projects, spaces, condition));

    private static readonly Gen<Context> ContextGen =
        Gen.Select(OneOrNone([.. Users, "u-4"]), OneOrNone(Projects), OneOrNone(Spaces)).Select((user, project, space) => new Context(user, project, space));

    private static readonly Gen<Scenario> ScenarioGen =
        Gen.Select(RuleGen.Array[1, 10], Subset(RoleNames).Array[Users.Length], ContextGen.Array[1, 6])
            .Select((modules, roles, contexts) => new Scenario(modules, roles, contexts));

    /// <summary>The reference: every listed dimension matches, and the condition holds; no context at all sees everything.</summary>
    private static bool Visible(Rule rule, Context context, string[][] roles)
    {
        if (context.User is null && context.Project is null && context.Space is null)
        {
            return true;
        }

        var userIndex = Array.IndexOf(Users, context.User);
        var held = userIndex < 0 ? [] : roles[userIndex];
        var isAdmin = held.Contains("product-admin");
        var dimensions = (rule.Roles.Length == 0 || (context.User is not null && rule.Roles.Intersect(held).Any()))
            && (rule.Users.Length == 0 || rule.Users.Contains(context.User))
            && (rule.Projects.Length == 0 || rule.Projects.Contains(context.Project))
            && (rule.Spaces.Length == 0 || rule.Spaces.Contains(context.Space));
        var condition = rule.Condition switch
        {
            Condition.LoggedIn => context.User is not null,
            Condition.Admin => isAdmin,
            Condition.NotAdmin => !isAdmin,
            _ => true,
        };
        return dimensions && condition;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TheReadAnswersExactlyWhatTheReferencePredicateSays(string engine)
    {
        await using var host = await ServiceHost.StartAsync(engine);
        await using var app = await InstalledApp.CreateAsync(host);
        var checkedContexts = 0;
        await ScenarioGen.SampleAsync(async scenario =>
        {
            (await app.Http.DeleteAsync(InstalledApp.DynamicPath)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
            await RegisterAsync(app, [.. scenario.Modules.Select((rule, i) => Module("m-" + i, rule))]);
            for (var i = 0; i < Users.Length; i++)
            {
                await SetRolesAsync(host, app.TenantKey, Users[i], scenario.Roles[i]);
            }

            foreach (var context in scenario.Contexts)
            {
                var expected = scenario.Modules.Select((rule, i) => (rule, Key: "m-" + i)).Where(m => Visible(m.rule, context, scenario.Roles)).Select(m => m.Key);
                var actual = await DynamicKeysAsync(host, app.TenantKey, Query(context));
                actual.ShouldBe(expected.ToList(), $"context {context}");
                checkedContexts++;
            }
        }, iter: 25, threads: 1);
        checkedContexts.ShouldBeGreaterThanOrEqualTo(25);
    }

    private static JsonObject Module(string key, Rule rule)
    {
        var visibility = new JsonObject();
        foreach (var (name, values) in new[] { ("roles", rule.Roles), ("users", rule.Users), ("projects", rule.Projects), ("spaces", rule.Spaces) })
        {
            // An empty list and an absent one both match everything; both forms are generated.
            if (values.Length > 0 || key[^1] % 2 == 0)
            {
                visibility[name] = Strings(values);
            }
        }

        JsonArray? conditions = rule.Condition switch
        {
            Condition.LoggedIn => [new JsonObject { ["condition"] = "user_is_logged_in" }],
            Condition.Admin => [new JsonObject { ["condition"] = "user_is_admin" }],
            Condition.NotAdmin => [new JsonObject { ["condition"] = "user_is_sysadmin", ["invert"] = true }],
            _ => null,
        };
        return Item(key, visibility, conditions);
    }

    private static string Query(Context context)
    {
        var parts = new List<string>();
        if (context.User is not null)
        {
            parts.Add("user=" + context.User);
        }

        if (context.Project is not null)
        {
            parts.Add("project=" + context.Project);
        }

        if (context.Space is not null)
        {
            parts.Add("space=" + context.Space);
        }

        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}
