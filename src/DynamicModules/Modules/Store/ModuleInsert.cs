namespace DynamicModules.Modules.Store;

/// <summary>What <see cref="DynamicModuleStore.InsertAllAsync"/> did: every module inserted, or the keys the installation already had.</summary>
/// <param name="Inserted">The modules as stored, in the order given; empty when <paramref name="Taken"/> is not.</param>
/// <param name="Taken">The keys the installation already had, in the order given; the others were inserted and must be rolled back.</param>
public sealed record ModuleInsert(IReadOnlyList<DynamicModule> Inserted, IReadOnlyList<string> Taken);
