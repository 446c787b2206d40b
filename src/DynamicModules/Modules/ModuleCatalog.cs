using System.Diagnostics.CodeAnalysis;
using DynamicModules.Modules.Types;

namespace DynamicModules.Modules;

/// <summary>The known module types, each with its <see cref="ModuleTypeDefinition"/>. Type names are case-sensitive.</summary>
public sealed class ModuleCatalog
{
    private readonly Dictionary<string, ModuleTypeDefinition> _definitions;

    /// <summary>Creates a catalog; a later definition of the same type replaces an earlier one.</summary>
    public ModuleCatalog(IEnumerable<ModuleTypeDefinition> definitions)
    {
        _definitions = new Dictionary<string, ModuleTypeDefinition>(StringComparer.Ordinal);
        foreach (var definition in definitions)
        {
            _definitions[definition.Type] = definition;
        }
    }

    /// <summary>The built-in Connect and Forge module types.</summary>
    public static ModuleCatalog Default { get; } = new(
    [
        WebItemsModuleType.Definition,
        WebPanelsModuleType.Definition,
        WebSectionsModuleType.Definition,
        GeneralPagesModuleType.Definition,
        AdminPagesModuleType.Definition,
        DynamicContentMacrosModuleType.Definition,
        StaticContentMacrosModuleType.Definition,
        JiraIssueFieldsModuleType.Definition,
        JiraEntityPropertiesModuleType.Definition,
        JiraIssueContextsModuleType.Definition,
        WebhooksModuleType.Definition,
        TriggerModuleType.Definition,
        JiraIssuePanelModuleType.Definition,
        JiraIssueActionModuleType.Definition,
        JiraIssueContextModuleType.Definition,
        JiraIssueActivityModuleType.Definition,
        JiraCustomFieldModuleType.Definition,
        JiraEntityPropertyModuleType.Definition,
        MacroModuleType.Definition,
        ConfluenceContentBylineItemModuleType.Definition,
        ConfluenceContentPropertyModuleType.Definition,
    ]);

    /// <summary>Every definition, in registration order.</summary>
    public IReadOnlyCollection<ModuleTypeDefinition> Definitions => _definitions.Values;

    /// <summary>Every type name.</summary>
    public IReadOnlyCollection<string> Types => _definitions.Keys;

    /// <summary>Finds the definition of <paramref name="type"/>.</summary>
    public bool TryGet(string type, [MaybeNullWhen(false)] out ModuleTypeDefinition definition) =>
        _definitions.TryGetValue(type, out definition);

    /// <summary>A catalog with <paramref name="definition"/> added (or replacing the one of the same type).</summary>
    public ModuleCatalog With(ModuleTypeDefinition definition) => new([.. _definitions.Values, definition]);
}
