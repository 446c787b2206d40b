using System.Text.Json.Nodes;
using DynamicModules.Filters;
using DynamicModules.Modules;

namespace DynamicModules.Visibility;

/// <summary>
/// Everything that decides whether one module is shown to a viewer, prepared once per module and snapshot: its
/// visibility (the operator's override, else its own), its Connect <c>conditions</c> or Forge
/// <c>displayConditions</c>, and its <c>jira_expression</c> conditions compiled.
/// </summary>
public sealed class ModuleRules
{
    private readonly JsonArray? _connectConditions;
    private readonly JsonObject? _displayConditions;
    private readonly Dictionary<string, FilterCompilation> _expressions = new(StringComparer.Ordinal);

    /// <summary>Prepares the rules of <paramref name="definition"/>; <paramref name="visibilityOverride"/> wins over its own visibility.</summary>
    public ModuleRules(JsonObject definition, ModuleDialect dialect, ModuleVisibility? visibilityOverride, ConditionExpressions expressions)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(expressions);
        Visibility = visibilityOverride ?? ModuleVisibility.FromJson(definition[ModuleVisibility.Property]);
        if (Visibility?.IsOpen == true)
        {
            Visibility = null;
        }

        if (dialect == ModuleDialect.Connect && definition["conditions"] is JsonArray { Count: > 0 } conditions)
        {
            _connectConditions = conditions;
            foreach (var source in ConnectConditions.Expressions(conditions))
            {
                _expressions.TryAdd(source, expressions.Compile(source));
            }
        }
        else if (dialect == ModuleDialect.Forge && definition["displayConditions"] is JsonObject { Count: > 0 } displayConditions)
        {
            _displayConditions = displayConditions;
        }
    }

    /// <summary>The visibility in force; null when it restricts nothing.</summary>
    public ModuleVisibility? Visibility { get; }

    /// <summary>True when the module is shown to everyone with nothing left for the host: no need to evaluate it per viewer.</summary>
    public bool IsUnconditional => Visibility is null && _connectConditions is null && _displayConditions is null;

    /// <summary>Decides the module for <paramref name="viewer"/>.</summary>
    public VisibilityDecision Decide(Viewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (Visibility is not null && !Visibility.Matches(viewer.Context, viewer.Roles))
        {
            return VisibilityDecision.Hidden;
        }

        string? failure = null;
        var decided = _connectConditions is not null ? ConnectConditions.Evaluate(_connectConditions, viewer, _expressions, ref failure)
            : _displayConditions is not null ? ForgeDisplayConditions.Evaluate(_displayConditions, viewer)
            : Decided.True;
        if (failure is not null)
        {
            // A failing expression hides the module, whatever the other conditions say: the service cannot tell.
            return new VisibilityDecision(false, null, failure);
        }

        return decided.Value switch
        {
            true => VisibilityDecision.Shown,
            false => VisibilityDecision.Hidden,
            null => new VisibilityDecision(true, decided.Residual, null),
        };
    }
}
