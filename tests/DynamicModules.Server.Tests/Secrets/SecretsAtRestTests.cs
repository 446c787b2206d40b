using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DynamicModules.Server.Tests.Infrastructure;

namespace DynamicModules.Server.Tests.Secrets;

/// <summary>
/// DESIGN §3 "Secrets at rest" and §5 "no secret is readable from the database or the data directory":
/// what an installed app received never appears in the data directory, the files are owner-only, rows
/// from the previous version are encrypted at start, keys rotate, and a tampered row is refused.
/// </summary>
public sealed class SecretsAtRestTests : IAsyncLifetime
{
    private const string OldKeys = "old:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string NewKey = "new:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    private const string OtherKey = "other:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";

    private readonly List<IAsyncDisposable> _cleanup = [];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "dm-tests", Guid.NewGuid().ToString("N"));

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            await item.DisposeAsync();
        }

        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task NoFileInTheDataDirectoryHoldsAReceivedSecretAndAllAreOwnerOnly(string engine)
    {
        var (host, storage) = await StartAsync(engine);
        var app = await InstallAsync(host);
        // A registration writes through the WAL, so the -wal file holds recent pages while the scan runs.
        (await app.RegisterAsync(InstalledApp.WebItems("secret-scan"))).StatusCode.ShouldBe(HttpStatusCode.OK);
        var signingSecret = await SigningSecretAsync(host, app);
        signingSecret.ShouldBe(ReceivedSigningSecret(app));

        var files = Directory.EnumerateFiles(host.DataDirectory, "*", SearchOption.AllDirectories).ToList();
        if (engine == "sqlite")
        {
            files.Select(Path.GetFileName).ShouldContain(SecretStorage.SqliteFile + "-wal");
            files.Select(Path.GetFileName).ShouldContain(SecretStorage.SqliteFile + "-shm");
        }

        var needles = Needles(app.App.SharedSecret).Concat(Needles(signingSecret)).ToList();
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
            foreach (var (form, needle) in needles)
            {
                bytes.AsSpan().IndexOf(needle).ShouldBe(-1, $"{Path.GetFileName(file)} holds a secret ({form})");
            }
        }

        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(host.DataDirectory).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var file in files)
            {
                File.GetUnixFileMode(file).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite, Path.GetFileName(file));
            }
        }

        var row = (await storage.InstallationsAsync()).ShouldHaveSingleItem();
        row.SharedSecret.ShouldStartWith("enc1.");
        row.SigningSecret.ShouldStartWith("enc1.");
        (await storage.DataProtectionKeysAsync()).ShouldAllBe(xml => xml.Contains("<sealedWithSecretKeys") && !xml.Contains("<masterKey"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task PlaintextSecretsWrittenByThePreviousVersionAreEncryptedAtStartAndKeepWorking(string engine)
    {
        var (host, storage) = await StartAsync(engine);
        var app = await InstallAsync(host);
        var signingSecret = await SigningSecretAsync(host, app);
        var postgres = await StopAsync(host);

        // Today's version: schema 0001-0002, secrets in plaintext, no key file, files with the default umask.
        await storage.ExecuteAsync(
            "UPDATE installations SET shared_secret = @shared, signing_secret = @signing",
            new { shared = app.App.SharedSecret, signing = signingSecret });
        await storage.ExecuteAsync("DROP TABLE data_protection_keys");
        await storage.ExecuteAsync("DELETE FROM schema_versions WHERE version = 3");
        var keyFile = Path.Combine(_dataDirectory, "secret-keys");
        if (File.Exists(keyFile))
        {
            File.Delete(keyFile);
        }

        if (!OperatingSystem.IsWindows() && engine == "sqlite")
        {
            File.SetUnixFileMode(_dataDirectory, (UnixFileMode)Convert.ToInt32("755", 8));
            File.SetUnixFileMode(storage.SqlitePath, (UnixFileMode)Convert.ToInt32("644", 8));
        }

        var restarted = await StartOnAsync(engine, postgres);
        // Checked before this test opens the database itself, which would set the modes too.
        if (!OperatingSystem.IsWindows() && engine == "sqlite")
        {
            File.GetUnixFileMode(_dataDirectory).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.GetUnixFileMode(storage.SqlitePath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        (await CallAsync(restarted, app)).ShouldBe(HttpStatusCode.OK);
        (await SigningSecretAsync(restarted, app)).ShouldBe(signingSecret);
        var row = (await storage.InstallationsAsync()).ShouldHaveSingleItem();
        row.SharedSecret.ShouldStartWith("enc1.");
        row.SigningSecret.ShouldStartWith("enc1.");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task RotationKeepsOldRowsReadableAndWritesWithTheFirstKey(string engine)
    {
        var (host, storage) = await StartAsync(engine, OldKeys);
        var first = await InstallAsync(host);
        KeyIdOf((await storage.InstallationsAsync())[0].SharedSecret).ShouldBe("old");
        var postgres = await StopAsync(host);

        // The new key first, the old one still listed: the sweep moves old rows, new writes use the new key.
        var rotated = await StartOnAsync(engine, postgres, $"{NewKey},{OldKeys}");
        (await CallAsync(rotated, first)).ShouldBe(HttpStatusCode.OK);
        var second = await InstallAsync(rotated, first.Tenant);
        (await CallAsync(rotated, second)).ShouldBe(HttpStatusCode.OK);
        (await storage.InstallationsAsync()).SelectMany(row => new[] { row.SharedSecret, row.SigningSecret })
            .Select(KeyIdOf).ShouldAllBe(id => id == "new");
        await StopAsync(rotated);

        // After the sweep the old key can go.
        var retired = await StartOnAsync(engine, postgres, NewKey);
        (await CallAsync(retired, first)).ShouldBe(HttpStatusCode.OK);
        (await CallAsync(retired, second)).ShouldBe(HttpStatusCode.OK);
        await StopAsync(retired);

        // Without the key the rows were sealed with, nothing authenticates as the app, and nothing answers 500.
        var wrong = await StartOnAsync(engine, postgres, OtherKey);
        (await CallAsync(wrong, first)).ShouldBe(HttpStatusCode.Unauthorized);
        var signing = await wrong.Operator.GetAsync($"api/v1/tenants/{first.TenantKey}/apps/{first.App.Key}/signing-secret");
        signing.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await signing.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>().ShouldContain("cannot be decrypted");
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Engines), MemberType = typeof(TestDatabases))]
    public async Task TamperedOrTransplantedCiphertextIsRefusedWithoutA500(string engine)
    {
        var (host, storage) = await StartAsync(engine);
        var victim = await InstallAsync(host);
        var other = await InstallAsync(host, victim.Tenant);
        var rows = await storage.InstallationsAsync();

        // One flipped character in the payload: authentication of the ciphertext fails.
        var tampered = rows[0].SharedSecret[..^2] + (rows[0].SharedSecret[^2] == 'A' ? 'B' : 'A') + rows[0].SharedSecret[^1];
        await storage.ExecuteAsync("UPDATE installations SET shared_secret = @tampered WHERE id = @id", new { tampered, id = rows[0].Id });
        (await CallAsync(host, victim)).ShouldBe(HttpStatusCode.Unauthorized);

        // A valid ciphertext copied from another installation is bound to its own row and does not open here.
        await storage.ExecuteAsync(
            "UPDATE installations SET shared_secret = @shared, signing_secret = @signing WHERE id = @id",
            new { shared = rows[0].SharedSecret, signing = rows[0].SigningSecret, id = rows[1].Id });
        (await CallAsync(host, other)).ShouldBe(HttpStatusCode.Unauthorized);
        (await CallAsync(host, other, victim.App.SharedSecret)).ShouldBe(HttpStatusCode.Unauthorized);
        var signing = await host.Operator.GetAsync($"api/v1/tenants/{other.TenantKey}/apps/{other.App.Key}/signing-secret");
        signing.StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Plaintext written behind the service's back is not accepted either.
        await storage.ExecuteAsync("UPDATE installations SET shared_secret = @plain WHERE id = @id", new { plain = victim.App.SharedSecret, id = rows[0].Id });
        (await CallAsync(host, victim)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    // The tenant base URL carries the host's port, which changes with every restart.
    private static async Task<HttpStatusCode> CallAsync(ServiceHost host, InstalledApp app, string? sharedSecret = null)
    {
        using var client = new ConnectAppClient(app.App.Key, sharedSecret ?? app.App.SharedSecret, app.ClientKey, $"{host.BaseUrl}/t/{app.TenantKey}");
        using var response = await client.Http.GetAsync(InstalledApp.DynamicPath);
        return response.StatusCode;
    }

    private static string? KeyIdOf(string stored) => DynamicModules.Secrets.SecretProtector.KeyIdOf(stored);

    private static string ReceivedSigningSecret(InstalledApp app) =>
        app.App.Received.Last(r => r.Path == "/installed").Body!["webhookSigningSecret"]!.GetValue<string>();

    private static async Task<string> SigningSecretAsync(ServiceHost host, InstalledApp app) =>
        (await host.Operator.GetFromJsonAsync<JsonObject>($"api/v1/tenants/{app.TenantKey}/apps/{app.App.Key}/signing-secret"))!
            ["signingSecret"]!.GetValue<string>();

    // A secret counts as found in plaintext, as base64 of its text, or (for encoded keys) as its raw bytes.
    private static IEnumerable<(string Form, byte[] Bytes)> Needles(string secret)
    {
        yield return ("plaintext", Encoding.UTF8.GetBytes(secret));
        yield return ("base64 of the text", Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)).TrimEnd('=')));
        var encoded = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret;
        yield return ("encoded part", Encoding.ASCII.GetBytes(encoded.TrimEnd('=')));
        if (DynamicModules.Protocol.Jose.Base64Url.TryDecode(encoded.Replace('+', '-').Replace('/', '_').TrimEnd('='), out var raw) && raw.Length >= 16)
        {
            yield return ("raw key bytes", raw);
        }
    }

    private async Task<(ServiceHost Host, SecretStorage Storage)> StartAsync(string engine, string? secretKeys = null)
    {
        var postgres = engine == "postgres" ? await TestDatabases.CreatePostgresDatabaseAsync() : null;
        var host = await StartOnAsync(engine, postgres, secretKeys);
        return (host, new SecretStorage(engine, _dataDirectory, postgres));
    }

    private async Task<ServiceHost> StartOnAsync(string engine, string? postgres, string? secretKeys = null)
    {
        var settings = new Dictionary<string, string>();
        if (secretKeys is not null)
        {
            settings["DynamicModules:SecretKeys"] = secretKeys;
        }

        var host = await ServiceHost.StartAsync(engine, settings, _dataDirectory, postgres);
        _cleanup.Add(host);
        _hostPostgres[host] = postgres;
        return host;
    }

    private readonly Dictionary<ServiceHost, string?> _hostPostgres = [];

    private async Task<string?> StopAsync(ServiceHost host)
    {
        _cleanup.Remove(host);
        await host.DisposeAsync();
        return _hostPostgres[host];
    }

    private async Task<InstalledApp> InstallAsync(ServiceHost host, JsonObject? tenant = null)
    {
        var app = await InstalledApp.CreateAsync(host, tenant);
        _cleanup.Add(app);
        return app;
    }
}
