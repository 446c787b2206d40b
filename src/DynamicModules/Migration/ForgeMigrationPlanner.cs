namespace DynamicModules.Migration;

/// <summary>Plans the conversion of an installation's Connect dynamic modules to Forge modules (DESIGN §4.6).</summary>
public static class ForgeMigrationPlanner
{
    /// <summary>One plan per module, in the order given.</summary>
    public static IReadOnlyList<ModuleMigrationPlan> Plan(IReadOnlyList<ConnectModuleToMigrate> modules, MigrationPlanContext context)
    {
        ArgumentNullException.ThrowIfNull(modules);
        ArgumentNullException.ThrowIfNull(context);
        return [.. modules.Select(m => ModuleMigrationPlan.Stays(m.Key, m.Type, "This module type is not mapped yet."))];
    }
}
