using System.Text.Json.Nodes;
using DynamicModules.Modules;

namespace DynamicModules.Modules.Types;

/// <summary>
/// Connect <c>webhooks</c> (specs/connect.md §4.5). The service POSTs to <c>url</c>, so it must be
/// app-relative; the key is optional and generated when missing (<see cref="ModuleKeys.ForWebhook"/>).
/// </summary>
internal static class WebhooksModuleType
{
    public static ModuleTypeDefinition Definition { get; } = new(
        "webhooks",
        ModuleDialect.Connect,
        PropertySpec.String("event").AsRequired(),
        PropertySpec.AppRelativeUrl("url").AsRequired(),
        PropertySpec.Jql("filter"),
        PropertySpec.Boolean("excludeBody"),
        PropertySpec.StringArray("propertyKeys"))
    {
        RequiredScopes = ["READ"],
        GenerateKey = module => ModuleKeys.ForWebhook(Text(module, "event"), Text(module, "url"), module["filter"]?.GetValue<string>()),
    };

    private static string Text(JsonObject module, string name) => module[name]!.GetValue<string>();
}
