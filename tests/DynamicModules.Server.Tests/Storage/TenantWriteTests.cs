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

/// <summary>
/// The write protocol of <see cref="TenantWrite"/> against a real database, on SQLite and on PostgreSQL: a change and
/// its audit record commit together or not at all, and listeners hear of a change only once it is committed.
/// </summary>
public sealed class TenantWriteTests
{
    private sealed class Writes : IAsyncDisposable
    {
        public required Database Database { get; init; }
        public string? Folder { get; init; }
        public TenantStore Tenants => new(Database, TimeProvider.System);
        public AuditLog Audit => new(Database, TimeProvider.System);
        public required ModuleChangeLog Changes { get; init; }
        public TenantWrite Write => new(Database, Tenants, Audit, Changes);
        public TenantSetup Setup => new(Write, Tenants, new TenantUserStore(Database, TimeProvider.System));
        public DynamicModuleStore Modules => new(Database, TimeProvider.System);

        public static async Task<Writes> OpenAsync(string engine)
        {
            var folder = engine == "postgres" ? null : TestFolders.Create("dm-write");
            var database = folder is null
                ? Database.ForPostgres(await TestDatabases.CreatePostgresDatabaseAsync())
                : Database.ForSqlite(Path.Combine(folder, "test.db"));
            await MigrationRunner.ApplyAsync(database, CancellationToken.None);
            return new Writes { Database = database, Folder = folder, Changes = new ModuleChangeLog(database, TimeProvider.System) };
        }

        public async Task<(Tenant Tenant, Installation Installation)> SeedAsync()
        {
            var (tenant, _) = await Setup.SaveAsync("acme", Settings("Acme"), 100, CancellationToken.None);
            var installation = await Write.RunAsync(tenant.Id, Actors.Operator, async work =>
            {
                var saved = await new InstallationStore(Database, TimeProvider.System, TestSecretKeys.Protector).SaveInstalledAsync(
                    work.Scope, tenant.Id, "app-a", "secret", """{"key":"app-a"}""", "{}", CancellationToken.None);
                work.Audit("app-a", AuditOperations.AppInstall, [], null);
                return saved;
            }, CancellationToken.None);
            return (tenant, installation);
        }

        public Task<IReadOnlyList<AuditRecord>> AuditOfAsync(long tenantId) => Audit.ListAsync(tenantId, 0, 100, null, CancellationToken.None);

        public async ValueTask DisposeAsync()
        {
            await Database.DisposeAsync();
            if (Folder is not null)
            {
                await TestFolders.DeleteAsync(Folder);
            }
        }
    }

    private static TenantSettings Settings(string name) => new("jira", name, null, null, false, null, null);

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TenantSetupCommitsTheTenantTogetherWithItsAuditRecord(string engine)
    {
        await using var writes = await Writes.OpenAsync(engine);
        var (tenant, created) = await writes.Setup.SaveAsync("acme", Settings("Acme"), 100, CancellationToken.None);
        created.ShouldBeTrue();
        (await writes.Tenants.FindAsync("acme", CancellationToken.None)).ShouldNotBeNull();
        (await writes.AuditOfAsync(tenant.Id)).Select(record => record.Operation).ShouldBe([AuditOperations.TenantCreate]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TenantCreationThatFailsAfterTheUpsertLeavesNeitherTenantNorAuditRecord(string engine)
    {
        await using var writes = await Writes.OpenAsync(engine);
        long? tenantId = null;
        await Should.ThrowAsync<InvalidOperationException>(() => writes.Write.RunAsync<bool>(
            async scope =>
            {
                var (tenant, _, _) = await writes.Tenants.UpsertAsync(scope, "acme", Settings("Acme"), 100, CancellationToken.None);
                tenantId = tenant.Id;
                return tenant.Id;
            },
            Actors.Operator,
            work =>
            {
                work.Audit(null, AuditOperations.TenantCreate, [], null);
                throw new InvalidOperationException("fails after the write");
            },
            CancellationToken.None));

        tenantId.ShouldNotBeNull();
        (await writes.Tenants.FindAsync("acme", CancellationToken.None)).ShouldBeNull();
        (await writes.AuditOfAsync(tenantId.Value)).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TenantUpdateWhoseBookkeepingFailsLeavesNeitherTheUpdateNorItsAuditRecord(string engine)
    {
        await using var writes = await Writes.OpenAsync(engine);
        var (tenant, _) = await writes.Setup.SaveAsync("acme", Settings("Acme"), 100, CancellationToken.None);
        // Occupy the change log slot of the next version, so recording the change fails after the upsert and the audit append ran.
        await using (var scope = await writes.Database.BeginWriteAsync(CancellationToken.None))
        {
            await scope.ExecuteAsync(
                """
                INSERT INTO module_changes (tenant_id, version, app_key, operation, module_keys, created_at)
                VALUES (@tenantId, @version, 'app', @operation, '[]', 0)
                """,
                new { tenantId = tenant.Id, version = tenant.ModuleVersion + 1, operation = AuditOperations.ModuleRegister },
                CancellationToken.None);
            await scope.CommitAsync(CancellationToken.None);
        }

        await Should.ThrowAsync<Exception>(() => writes.Write.RunAsync<bool>(
            async scope => (await writes.Tenants.UpsertAsync(scope, "acme", Settings("Renamed"), 100, CancellationToken.None)).Tenant.Id,
            Actors.Operator,
            work =>
            {
                work.Audit(null, AuditOperations.TenantUpdate, [], null);
                work.RecordModuleChange("app", AuditOperations.TenantUpdate, []);
                return Task.FromResult(true);
            },
            CancellationToken.None));

        var stored = await writes.Tenants.FindAsync("acme", CancellationToken.None);
        stored!.DisplayName.ShouldBe("Acme");
        stored.ModuleVersion.ShouldBe(tenant.ModuleVersion);
        (await writes.AuditOfAsync(tenant.Id)).Select(record => record.Operation).ShouldBe([AuditOperations.TenantCreate]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task ListenersAreNotifiedAfterTheCommitAndSeeTheNewState(string engine)
    {
        await using var writes = await Writes.OpenAsync(engine);
        var (tenant, installation) = await writes.SeedAsync();
        var seen = new List<(long Version, IReadOnlyList<string> StoredKeys, IReadOnlyList<long> LoggedVersions)>();
        writes.Changes.Committed += (tenantId, version) =>
        {
            // Reads on other connections, as a cache refill would: they only see what is committed.
            var stored = writes.Modules.ListAsync(tenantId, installation.Id, null, 0, 100, CancellationToken.None).GetAwaiter().GetResult();
            var logged = writes.Changes.ListAfterAsync(tenantId, 0, 100, CancellationToken.None).GetAwaiter().GetResult();
            seen.Add((version, stored.Select(module => module.Key).ToList(), logged.Select(change => change.Version).ToList()));
        };

        await writes.Write.RunAsync(tenant.Id, "app", async work =>
        {
            await writes.Modules.InsertAsync(work.Scope, tenant.Id, installation.Id, "panel-1", "webPanels", ModuleDialect.Connect,
                new JsonObject { ["key"] = "panel-1" }, "app", CancellationToken.None);
            seen.ShouldBeEmpty();
            work.Audit("app-a", AuditOperations.ModuleRegister, ["panel-1"], null);
            work.RecordModuleChange("app-a", AuditOperations.ModuleRegister, ["panel-1"]);
            return true;
        }, CancellationToken.None);

        var notification = seen.ShouldHaveSingleItem();
        notification.Version.ShouldBe(tenant.ModuleVersion + 1);
        notification.StoredKeys.ShouldBe(["panel-1"]);
        notification.LoggedVersions.ShouldBe([notification.Version]);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task RolledBackWorkNotifiesNothingAndLeavesNothing(string engine)
    {
        await using var writes = await Writes.OpenAsync(engine);
        var (tenant, installation) = await writes.SeedAsync();
        var notifications = 0;
        writes.Changes.Committed += (_, _) => notifications++;
        var auditBefore = (await writes.AuditOfAsync(tenant.Id)).Count;

        await Should.ThrowAsync<InvalidOperationException>(() => writes.Write.RunAsync<bool>(tenant.Id, "app", async work =>
        {
            await writes.Modules.InsertAsync(work.Scope, tenant.Id, installation.Id, "panel-1", "webPanels", ModuleDialect.Connect,
                new JsonObject { ["key"] = "panel-1" }, "app", CancellationToken.None);
            work.Audit("app-a", AuditOperations.ModuleRegister, ["panel-1"], null);
            work.RecordModuleChange("app-a", AuditOperations.ModuleRegister, ["panel-1"]);
            throw new InvalidOperationException("fails before the commit");
        }, CancellationToken.None));

        // A work that declares no audit record changed nothing: it is rolled back too.
        var declaredNothing = await writes.Write.RunAsync(tenant.Id, "app", async work =>
        {
            await writes.Modules.InsertAsync(work.Scope, tenant.Id, installation.Id, "panel-2", "webPanels", ModuleDialect.Connect,
                new JsonObject { ["key"] = "panel-2" }, "app", CancellationToken.None);
            return "returned";
        }, CancellationToken.None);

        declaredNothing.ShouldBe("returned");
        notifications.ShouldBe(0);
        (await writes.Modules.ListAsync(tenant.Id, installation.Id, null, 0, 100, CancellationToken.None)).ShouldBeEmpty();
        (await writes.Changes.ListAfterAsync(tenant.Id, 0, 100, CancellationToken.None)).ShouldBeEmpty();
        (await writes.AuditOfAsync(tenant.Id)).Count.ShouldBe(auditBefore);
        (await writes.Tenants.FindAsync("acme", CancellationToken.None))!.ModuleVersion.ShouldBe(tenant.ModuleVersion);
    }
}
