using DynamicModules.Server.Admin;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Dashboard;
using DynamicModules.Server.Deliveries;
using DynamicModules.Server.Docs;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Events;
using DynamicModules.Server.Expressions;
using DynamicModules.Server.ForgeRemote;
using DynamicModules.Server.Hosting;
using DynamicModules.Server.Installations;
using DynamicModules.Server.Migration;
using DynamicModules.Server.Modules;
using DynamicModules.Server.Telemetry;
using DynamicModules.Server.Tenants;

var app = await Program.BuildAsync(args);
await app.RunAsync();

/// <summary>The service: every feature registers its services with one <c>Add…</c> and maps its routes with one <c>Map…</c>.</summary>
public partial class Program
{
    /// <summary>Builds the application and prepares its storage; the tests call this to start it on a random port.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceHosting();
        builder.AddTelemetry();
        builder.Services.AddErrorBodies();
        builder.Services.AddServiceAuthentication();
        builder.Services.AddTenants();
        builder.Services.AddInstallations();
        builder.Services.AddModules(builder.Configuration);
        builder.Services.AddEvents();
        builder.Services.AddDeliveries();
        builder.Services.AddForgeRemote();
        builder.Services.AddForgeMigration();
        builder.Services.AddExpressions();
        builder.Services.AddDashboard();
        builder.Services.AddAdmin();
        builder.Services.AddApiDocs();
        configure?.Invoke(builder);

        var app = builder.Build();
        await app.PrepareStorageAsync();
        app.UseErrorBodies();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapApiDocs();
        app.MapHealth();
        ApiRoutes.Create(app)
            .MapTenants()
            .MapInstallations()
            .MapModules()
            .MapEvents()
            .MapDeliveries()
            .MapForgeRemote()
            .MapForgeMigration()
            .MapExpressions()
            .MapDashboard()
            .MapTelemetry()
            .MapAdmin();

        app.PrintWelcomeOnStart();
        return app;
    }
}
