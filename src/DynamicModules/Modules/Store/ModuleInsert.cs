namespace DynamicModules.Modules.Store;

/// <summary>What <see cref="DynamicModuleStore.InsertWithinLimitsAsync"/> did: every module inserted, or not.</summary>
/// <param name="Inserted">The modules as stored, in the order given; empty unless every module was inserted.</param>
/// <param name="NotInserted">
/// The keys not inserted, in the order given: all of them when the modules did not fit the limits, else those the installation
/// already had. When there are any, the others may have been inserted, and the caller must roll back.
/// </param>
public sealed record ModuleInsert(IReadOnlyList<DynamicModule> Inserted, IReadOnlyList<string> NotInserted);
