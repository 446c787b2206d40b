using System.Text.Json.Nodes;
using AutoAssign.Assignments;
using AutoAssign.Rules;
using DynamicModules.Client.AspNetCore;

namespace AutoAssign;

/// <summary>
/// The auto-assign app: a rule registers a dynamic trigger for one project and priority; verified deliveries of matching
/// issue events are recorded as the assignment the app would make. State (installations, rules, assignments) is in memory.
/// </summary>
public static class AutoAssignApp
{
    /// <summary>The app's descriptor key.</summary>
    public const string Key = "auto-assign";

    /// <summary>The descriptor function dynamic triggers deliver to, and its path.</summary>
    public const string Function = "assign-issue";

    /// <summary>Where the service delivers the triggers' events, relative to the base URL.</summary>
    public const string EventsPath = "/events/issue";

    /// <summary>The default listen URL (DESIGN §4.7).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5090";

    /// <summary>Builds the app from command-line arguments and configuration (<c>--urls</c>, <c>AutoAssign__BaseUrl</c>, <c>AutoAssign__ServiceUrl</c>).</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var settings = builder.Configuration.GetSection("AutoAssign");
        builder.Services.AddConnectApp(options =>
        {
            options.Key = Key;
            options.Name = "Auto Assign";
            // Null: the first URL the app listens on, resolved once it listens (so --urls with port 0 works too).
            options.BaseUrl = settings["BaseUrl"] is { Length: > 0 } baseUrl ? baseUrl : null;
            options.ServiceUrl = settings["ServiceUrl"] is { Length: > 0 } serviceUrl ? serviceUrl : "http://127.0.0.1:5080";
            options.Modules = new JsonObject
            {
                ["function"] = new JsonArray(new JsonObject { ["key"] = Function, ["url"] = EventsPath }),
            };
        });
        builder.Services.AddSingleton<RuleBook>();
        builder.Services.AddSingleton<AssignmentLog>();
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, AutoAssignJson.Default));

        var app = builder.Build();
        app.MapConnectApp();
        app.MapRuleEndpoints();
        app.MapAssignmentEndpoints();
        return app;
    }
}
