using System.Text.Json.Serialization;
using DynamicModules.Configuration;
using DynamicModules.Secrets;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Requests;
using DynamicModules.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Hosting;

/// <summary>The process itself: listen URL, Kestrel limits, options, data directory, database and secrets.</summary>
public static class ServiceHosting
{
    /// <summary>Default listen URL when none is configured (DESIGN §3).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    // Framework categories (requests, routing, authentication, HttpClient, the host's own banner) at Warning; the
    // service's categories at Information, where only start-up and lifecycle events and failures are logged.
    private static readonly Dictionary<string, LogLevel> QuietLogging = new(StringComparer.Ordinal)
    {
        ["Microsoft"] = LogLevel.Warning,
        ["System"] = LogLevel.Warning,
        ["Microsoft.Hosting.Lifetime"] = LogLevel.Warning,
        // The framework's AuthenticationHandler logs every challenge at Information under the handler's own name.
        ["DynamicModules.Server.Auth"] = LogLevel.Warning,
    };

    /// <summary>
    /// Configures Kestrel and registers the options, the data directory, the database and secrets at rest. The data
    /// directory and the database are needed before the container is built, so the options are bound and validated
    /// here once; the same validator runs again for <see cref="IOptions{TOptions}"/> consumers at start-up.
    /// </summary>
    public static WebApplicationBuilder AddServiceHosting(this WebApplicationBuilder builder)
    {
        // Quiet by default (DESIGN §3). Each default applies only where the configuration names no level for that
        // category, and a more specific category in the configuration wins anyway, so
        // Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics=Information turns on one line per request.
        foreach (var (category, level) in QuietLogging)
        {
            if (string.IsNullOrEmpty(builder.Configuration[$"Logging:LogLevel:{category}"]))
            {
                builder.Logging.AddFilter(category, level);
            }
        }
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        // Kestrel's 32 KB header cap would answer oversized tokens with a 431; allowing 128 KB lets the JWT
        // reader refuse them (it rejects anything over 8 KB before decoding) with the 401 body clients expect.
        // What Kestrel still refuses itself gets the service's error body from RefusalBodyConnection.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestHeadersTotalSize = 128 * 1024;
            kestrel.Limits.MaxRequestBodySize = RequestJson.MaxBytes;
            var refusals = new RefusalDetails(kestrel.Limits);
            kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => new RefusalBodyConnection(next, refusals).OnConnectionAsync));
        });
        builder.Services.AddSingleton(services => new RefusalDetails(services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits));

        var options = builder.Configuration.GetSection(DynamicModulesOptions.Section).Get<DynamicModulesOptions>() ?? new();
        DynamicModulesOptionsValidator.ThrowIfInvalid(options);
        var dataDirectory = DataDirectory.Prepare(options);
        var database = OpenDatabase(options, dataDirectory, builder.Configuration);

        builder.Services.AddOptions<DynamicModulesOptions>().BindConfiguration(DynamicModulesOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DynamicModulesOptions>, DynamicModulesOptionsValidator>();
        builder.Services.AddSingleton(dataDirectory);
        // Registered through a factory so the container disposes it (and its connection pool) at shutdown;
        // an instance registration would leak one pool per host, which many hosts per test run exhaust.
        builder.Services.AddSingleton(_ => database);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSecretsAtRest(dataDirectory.SecretKeys);
        // Numbers are numbers: the web defaults would also read "5" as 5 and document every integer as "integer|string".
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        return builder;
    }

    /// <summary>Applies the database migrations and prepares secrets at rest; runs before the first request.</summary>
    public static async Task PrepareStorageAsync(this WebApplication app)
    {
        await MigrationRunner.ApplyAsync(app.Services.GetRequiredService<Database>(), CancellationToken.None);
        await PrepareSecretsAsync(app);
    }

    /// <summary>Prints where the service listens, the admin page and the operator key once the server has started.</summary>
    public static void PrintWelcomeOnStart(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app));

    private static Database OpenDatabase(DynamicModulesOptions options, DataDirectory dataDirectory, IConfiguration configuration)
    {
        if (options.Storage == StorageEngine.Postgres)
        {
            var connectionString = configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(
                    "DynamicModules:Storage is 'postgres' but ConnectionStrings:Postgres is not set.");
            }

            return Database.ForPostgres(connectionString);
        }

        return Database.ForSqlite(Path.Combine(dataDirectory.Path, "dynamic-modules.db"));
    }

    // Encrypts what older versions stored in plaintext, moves rows to the current key, and loads (or creates)
    // the Data Protection key ring now, so a second node started later finds the ring instead of racing to make one.
    private static async Task PrepareSecretsAsync(WebApplication app)
    {
        var dataDirectory = app.Services.GetRequiredService<DataDirectory>();
        var options = app.Services.GetRequiredService<IOptions<DynamicModulesOptions>>().Value;
        if (dataDirectory.SecretKeysFrom != DataDirectory.SecretKeyOrigin.Configuration
            && options.Storage == StorageEngine.Postgres)
        {
            app.Logger.LogWarning(
                "Secrets are encrypted with the key file {Path} because DynamicModules:SecretKeys is not set. Nodes sharing this " +
                "PostgreSQL database need the same keys: set DynamicModules__SecretKeys on every node (README, Secrets and keys).",
                dataDirectory.SecretKeysPath);
        }

        await app.Services.GetRequiredService<SecretSweep>().RunAsync(CancellationToken.None);
        app.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>()
            .CreateProtector("DynamicModules.StartupCheck").Protect("ready"u8.ToArray());
    }

    private static void PrintWelcome(WebApplication app)
    {
        var dataDirectory = app.Services.GetRequiredService<DataDirectory>();
        var publicUrl = app.Services.GetRequiredService<Tenants.PublicUrl>().Value;
        var storage = app.Services.GetRequiredService<IOptions<DynamicModulesOptions>>().Value.Storage;
        var keyNote = dataDirectory.OperatorKeyGenerated
            ? $"Operator key (generated now, saved in {dataDirectory.OperatorKeyPath}): {dataDirectory.OperatorKey}"
            : $"Operator key: see {dataDirectory.OperatorKeyPath} (or DynamicModules__OperatorKey)";
        Console.WriteLine($"""
            Dynamic Modules is listening on {publicUrl} (storage: {storage.ToString().ToLowerInvariant()}, data: {dataDirectory.Path})
              Admin page:   {publicUrl}/admin
              {keyNote}
              Operator API: {publicUrl}/api/v1 (Authorization: Bearer <operator key>)
            """);
    }
}
