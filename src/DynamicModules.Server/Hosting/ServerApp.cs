using DynamicModules.Apps;
using DynamicModules.Audit;
using DynamicModules.Auth;
using DynamicModules.Changes;
using DynamicModules.Configuration;
using DynamicModules.Events;
using DynamicModules.Filters;
using DynamicModules.Installations;
using DynamicModules.Modules;
using DynamicModules.Modules.Store;
using DynamicModules.Registration;
using DynamicModules.Secrets;
using DynamicModules.Server.Admin;
using DynamicModules.Server.AppApi;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Events;
using DynamicModules.Server.Expressions;
using DynamicModules.Server.ModuleRead;
using DynamicModules.Server.OperatorApi;
using DynamicModules.Server.PublicApi;
using DynamicModules.Storage;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace DynamicModules.Server.Hosting;

/// <summary>Builds the whole service; <c>Program</c> runs it and the tests start it on a random port.</summary>
public static class ServerApp
{
    /// <summary>Default listen URL when none is configured (DESIGN §3).</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds the application, prepares the data directory and applies database migrations.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
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
        builder.Services.AddSingleton<ErrorBodies>();
        builder.Services.AddExceptionHandler<ErrorBodies>();

        // The data directory and the database are needed before the container is built, so the options are bound
        // and validated here once; the same validator runs again for IOptions consumers at start-up.
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
        builder.Services.AddSingleton(_ => ConnectSigningKey.LoadOrCreate(dataDirectory.Path));
        builder.Services.AddSingleton<PublicUrl>();
        builder.Services.AddSingleton<TenantStore>();
        builder.Services.AddSingleton<TenantWrite>();
        builder.Services.AddSingleton<TenantSetup>();
        builder.Services.AddSingleton<AuditLog>();
        builder.Services.AddSingleton<ModuleChangeLog>();
        builder.Services.AddSecretsAtRest(dataDirectory.SecretKeys);
        builder.Services.AddSingleton<AdminSessionTokens>();
        builder.Services.AddSingleton<TenantUserStore>();
        builder.Services.AddSingleton<InstallationStore>();
        builder.Services.AddSingleton<DynamicModuleStore>();
        builder.Services.AddSingleton<InstallationService>();
        builder.Services.AddSingleton<LifecycleCallbackSender>();
        builder.Services.AddSingleton<AppDocumentFetcher>();
        builder.Services.AddSingleton(_ => new FilterCache());
        builder.Services.AddSingleton(_ => new AppDescriptorCache());
        builder.Services.AddSingleton(services => new ModuleRequestValidator(
            ModuleCatalog.Default, new DynamicModuleTypePolicy(options.DynamicTypes), services.GetRequiredService<EventCatalog>()));
        builder.Services.AddSingleton<ModuleRegistry>();
        builder.Services.AddSingleton<ConnectJwtValidator>();
        builder.Services.AddHttpClient(LifecycleCallbackSender.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.Services.AddModuleRead(builder.Configuration);
        builder.Services.AddAdmin();
        builder.Services.AddEvents(builder.Configuration);

        builder.Services.AddProblemDetails(problem => problem.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = context.HttpContext.TraceIdentifier);
        builder.Services.AddOpenApi();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(OperatorAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AppCallAuthenticationHandler>(AppCallAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(OperatorAuthenticationHandler.SchemeName, policy => policy
                .AddAuthenticationSchemes(OperatorAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser())
            .AddPolicy(AppCallAuthenticationHandler.SchemeName, policy => policy
                .AddAuthenticationSchemes(AppCallAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());

        configure?.Invoke(builder);
        var app = builder.Build();
        await MigrationRunner.ApplyAsync(database, CancellationToken.None);
        await PrepareSecretsAsync(app, options, dataDirectory);

        app.Use(RefusalBodyConnection.MarkApplicationRequestAsync);
        app.UseExceptionHandler();
        app.Use(QueryNulRefusal.RefuseNulAsync);
        app.UseStatusCodePages(context => context.HttpContext.RequestServices.GetRequiredService<ErrorBodies>().WriteEmptyStatusAsync(context.HttpContext));
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapPublicEndpoints();
        app.MapTenantEndpoints();
        app.MapInstallationEndpoints();
        app.MapModuleRead();
        app.MapAdmin();
        app.MapEventEndpoints();
        app.MapOperatorExpressionAnalyse();
        app.MapGroup("/t/{tenant}").RequireAuthorization(AppCallAuthenticationHandler.SchemeName).WithTags("App API")
            .MapConnectModuleEndpoints()
            .MapForgeModuleEndpoints()
            .MapQuotaEndpoints()
            .MapAppExpressionAnalyse();

        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app, dataDirectory));
        return app;
    }

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
    private static async Task PrepareSecretsAsync(WebApplication app, DynamicModulesOptions options, DataDirectory dataDirectory)
    {
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

    private static void PrintWelcome(WebApplication app, DataDirectory dataDirectory)
    {
        var publicUrl = app.Services.GetRequiredService<PublicUrl>().Value;
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
