using System.Text.Json.Nodes;
using DynamicModules.Audit;
using DynamicModules.Changes;
using DynamicModules.Installations;
using DynamicModules.Modules;
using DynamicModules.Modules.Store;
using DynamicModules.Server.Tests.Infrastructure;
using DynamicModules.Storage;
using DynamicModules.Tenants;

namespace DynamicModules.Server.Tests.Storage;

/// <summary>The stores against a real database, the same cases on SQLite and on PostgreSQL.</summary>
public sealed class StoreTests
{
    private sealed class Stores : IAsyncDisposable
    {
        public required Database Database { get; init; }
        public required string Engine { get; init; }
        public string? Folder { get; init; }
        public TenantStore Tenants => new(Database, TimeProvider.System);
        public InstallationStore Installations => new(Database, TimeProvider.System, TestSecretKeys.Protector);
        public DynamicModuleStore Modules => new(Database, TimeProvider.System);
        public AuditLog Audit => new(Database, TimeProvider.System);
        public ModuleChangeLog Changes => new(Database, TimeProvider.System);

        public static async Task<Stores> OpenAsync(string engine)
        {
            var folder = engine == "postgres" ? null : TestFolders.Create("dm-store");
            var database = folder is null
                ? Database.ForPostgres(await TestDatabases.CreatePostgresDatabaseAsync())
                : Database.ForSqlite(Path.Combine(folder, "test.db"));
            await MigrationRunner.ApplyAsync(database, CancellationToken.None);
            return new Stores { Database = database, Engine = engine, Folder = folder };
        }

        public async Task<(Tenant Tenant, bool Created, Tenant? Previous)> UpsertTenantAsync(string key, TenantSettings settings)
        {
            await using var scope = await Database.BeginWriteAsync(CancellationToken.None);
            var upserted = await Tenants.UpsertAsync(scope, key, settings, 100, CancellationToken.None);
            await scope.CommitAsync(CancellationToken.None);
            return upserted;
        }

        public async ValueTask DisposeAsync()
        {
            await Database.DisposeAsync();
            if (Folder is not null)
            {
                await TestFolders.DeleteAsync(Folder);
            }
        }
    }

    private static TenantSettings Settings(string name = "Tenant") => new("jira", name, null, null, false, null, null);

    private static async Task<(Tenant Tenant, Installation Installation)> SeedAsync(Stores stores, string tenantKey, string appKey)
    {
        var (tenant, _, _) = await stores.UpsertTenantAsync(tenantKey, Settings());
        await using var scope = await stores.Database.BeginWriteAsync(CancellationToken.None);
        var installation = await stores.Installations.SaveInstalledAsync(scope, tenant.Id, appKey, "secret", "{\"key\":\"" + appKey + "\"}", "{}", CancellationToken.None);
        await scope.CommitAsync(CancellationToken.None);
        return (tenant, installation);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task MigrationsApplyOnceAndAreRecorded(string engine)
    {
        await using var stores = await Stores.OpenAsync(engine);
        (await MigrationRunner.ApplyAsync(stores.Database, CancellationToken.None)).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TenantUpsertKeepsTheClientKeyAndUpdatesSettings(string engine)
    {
        await using var stores = await Stores.OpenAsync(engine);
        var (created, isNew, _) = await stores.UpsertTenantAsync("acme", Settings());
        isNew.ShouldBeTrue();
        created.TenantLimit.ShouldBeNull();
        var (updated, isNewAgain, previous) = await stores.UpsertTenantAsync("acme", Settings("Acme 2") with { TenantLimit = 50, PerAppLimit = 7 });
        isNewAgain.ShouldBeFalse();
        previous!.DisplayName.ShouldBe("Tenant");
        updated.ClientKey.ShouldBe(created.ClientKey);
        updated.TenantLimit.ShouldBe(50);
        updated.PerAppLimit.ShouldBe(7);
        (await stores.Tenants.ListAsync(CancellationToken.None)).Count.ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task InstallationsKeepEveryDescriptorVersion(string engine)
    {
        await using var stores = await Stores.OpenAsync(engine);
        var (tenant, first) = await SeedAsync(stores, "acme", "app-a");
        first.DescriptorVersion.ShouldBe(1);
        await using (var scope = await stores.Database.BeginWriteAsync(CancellationToken.None))
        {
            var second = await stores.Installations.SaveInstalledAsync(scope, tenant.Id, "app-a", "secret-2", "{\"v\":2}", "{}", CancellationToken.None);
            second.DescriptorVersion.ShouldBe(2);
            second.Id.ShouldBe(first.Id);
            await scope.CommitAsync(CancellationToken.None);
        }

        var found = await stores.Installations.FindAsync(tenant.Id, "app-a", CancellationToken.None);
        found!.Descriptor.ShouldBe("{\"v\":2}");
        found.SharedSecret.ShouldBe("secret-2");
        (await stores.Installations.FindEnabledSharedSecretAsync(tenant.Id, "app-a", CancellationToken.None)).ShouldBe("secret-2");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ModulesAreScopedByTenantAndInstallation(string engine)
    {
        await using var stores = await Stores.OpenAsync(engine);
        var (tenantA, appA) = await SeedAsync(stores, "tenant-a", "app");
        var (tenantB, appB) = await SeedAsync(stores, "tenant-b", "app");
        await using (var scope = await stores.Database.BeginWriteAsync(CancellationToken.None))
        {
            await stores.Modules.InsertAsync(scope, tenantA.Id, appA.Id, "same-key", "webItems", ModuleDialect.Connect, new JsonObject { ["key"] = "same-key" }, "app", CancellationToken.None);
            await stores.Modules.InsertAsync(scope, tenantB.Id, appB.Id, "same-key", "webItems", ModuleDialect.Connect, new JsonObject { ["key"] = "same-key", ["b"] = true }, "app", CancellationToken.None);
            await scope.CommitAsync(CancellationToken.None);
        }

        // An installation id from another tenant finds nothing, even with the right key.
        (await stores.Modules.FindAsync(tenantA.Id, appB.Id, "same-key", CancellationToken.None)).ShouldBeNull();
        (await stores.Modules.FindAsync(tenantB.Id, appB.Id, "same-key", CancellationToken.None))!.Definition["b"]!.GetValue<bool>().ShouldBeTrue();
        await using (var scope = await stores.Database.BeginWriteAsync(CancellationToken.None))
        {
            (await DynamicModuleStore.DeleteAsync(scope, tenantA.Id, appB.Id, null, CancellationToken.None)).ShouldBeEmpty();
            (await stores.Modules.UpdateAsync(scope, tenantA.Id, appB.Id, "same-key", "webItems", new JsonObject(), CancellationToken.None)).ShouldBeFalse();
            await scope.CommitAsync(CancellationToken.None);
        }

        (await stores.Modules.CountsAsync(tenantB.Id, appB.Id, CancellationToken.None)).ShouldBe((1L, 1L));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AWriteThatNeverCommitsLeavesNothing(string engine)
    {
        await using var stores = await Stores.OpenAsync(engine);
        var (tenant, installation) = await SeedAsync(stores, "acme", "app");
        var versionBefore = await stores.Tenants.ModuleVersionAsync(tenant.Id, CancellationToken.None);
        await using (var scope = await stores.Database.BeginWriteAsync(CancellationToken.None))
        {
            await stores.Changes.BumpAndRecordAsync(scope, tenant.Id, "app", AuditOperations.ModuleRegister, ["one", "two"], CancellationToken.None);
            await stores.Modules.InsertAsync(scope, tenant.Id, installation.Id, "one", "webItems", ModuleDialect.Connect, new JsonObject(), "app", CancellationToken.None);
            await stores.Modules.InsertAsync(scope, tenant.Id, installation.Id, "two", "webItems", ModuleDialect.Connect, new JsonObject(), "app", CancellationToken.None);
            await stores.Audit.AppendAsync(scope, tenant.Id, "app", "app", AuditOperations.ModuleRegister, ["one", "two"], null, CancellationToken.None);
            // Disposed without commit: what a crash mid-request leaves behind.
        }

        (await stores.Modules.ListAsync(tenant.Id, installation.Id, null, 0, 100, CancellationToken.None)).ShouldBeEmpty();
        (await stores.Audit.ListAsync(tenant.Id, 0, 100, null, CancellationToken.None)).ShouldBeEmpty();
        (await stores.Tenants.ModuleVersionAsync(tenant.Id, CancellationToken.None)).ShouldBe(versionBefore);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task AuditAndChangesPageInOrder(string engine)
    {
        await using var stores = await Stores.OpenAsync(engine);
        var (tenant, _) = await SeedAsync(stores, "acme", "app");
        for (var i = 0; i < 5; i++)
        {
            await using var scope = await stores.Database.BeginWriteAsync(CancellationToken.None);
            await stores.Audit.AppendAsync(scope, tenant.Id, "app", "app", AuditOperations.ModuleRegister, [$"k{i}"], null, CancellationToken.None);
            await stores.Changes.BumpAndRecordAsync(scope, tenant.Id, "app", AuditOperations.ModuleRegister, [$"k{i}"], CancellationToken.None);
            await scope.CommitAsync(CancellationToken.None);
        }

        var first = await stores.Audit.ListAsync(tenant.Id, 0, 3, null, CancellationToken.None);
        var rest = await stores.Audit.ListAsync(tenant.Id, first[^1].Id, 3, null, CancellationToken.None);
        first.Concat(rest).Select(r => r.ModuleKeys.Single()).ShouldBe(["k0", "k1", "k2", "k3", "k4"]);
        (await stores.Audit.ListAsync(tenant.Id, 0, 10, "other-app", CancellationToken.None)).ShouldBeEmpty();
        var changes = await stores.Changes.ListAfterAsync(tenant.Id, 2, 10, CancellationToken.None);
        changes.Select(c => c.Version).ShouldBe([3L, 4L, 5L]);
    }
}
