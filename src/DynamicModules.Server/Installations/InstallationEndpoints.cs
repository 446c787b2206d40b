using DynamicModules.Audit;
using DynamicModules.Installations;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Installations;

/// <summary>Operator API: app installs, their lifecycle and their per-app quotas.</summary>
public static class InstallationEndpoints
{
    /// <summary>Maps <c>/api/v1/tenants/{tenant}/apps</c>.</summary>
    public static RouteGroupBuilder MapInstallationEndpoints(this RouteGroupBuilder tenant)
    {
        // Every operation needs the operator key or an admin link for the tenant: the authentication handler answers 401.
        var apps = tenant.MapGroup("/apps").WithTags("Apps")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        apps.MapPost("", InstallAsync)
            .WithName("InstallApp")
            .WithSummary("Install or upgrade an app")
            .WithDescription("Body: exactly one of {descriptorUrl} or {descriptor} (a Connect app), or {manifestUrl} or {manifest} (a Forge app: its manifest.yml as YAML or JSON text, see docs/forge-apps.md; stored under the UUID of its app.id, or under app.connect.key, which makes it an upgrade of that Connect installation keeping its secrets, dynamic modules and audit; no Connect callback is sent). Fetches the descriptor and translations, validates them (400 with every problem, keyed by its path in the descriptor), sends the RS256-signed `installed` callback (a non-2xx answer fails the install with 502 and changes nothing), then `enabled`. 201 for a first install, 200 for an upgrade or a reinstall. An upgrade whose static modules reuse a dynamic key removes all of the app's dynamic modules (audited). A reinstall after uninstall restores them. 422 when the descriptor or its translations cannot be fetched.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status502BadGateway);
        apps.MapGet("", ListAsync)
            .WithName("ListApps")
            .WithSummary("List a tenant's app installations")
            .WithDescription("Every installation of the tenant, uninstalled ones included, with its state, descriptor version and dynamic module limit.");
        apps.MapGet("/{appKey}", GetAsync)
            .WithName("GetApp")
            .WithSummary("Get one installation")
            .WithDescription("The installation with its state, descriptor version and dynamic module limit; 404 when the tenant has no such app.");
        apps.MapDelete("/{appKey}", UninstallAsync)
            .WithName("UninstallApp")
            .WithSummary("Uninstall an app")
            .WithDescription("Sends the signed `uninstalled` callback and marks the app uninstalled whatever it answers (the answer is reported); dynamic modules are kept for a later reinstall. 404 when the app is not installed.");
        apps.MapPost("/{appKey}/enable", EnableAsync)
            .WithName("EnableApp")
            .WithSummary("Enable an app")
            .WithDescription("Sends the `enabled` callback and serves the app's modules again; the app's answer is reported, and does not undo the change.");
        apps.MapPost("/{appKey}/disable", DisableAsync)
            .WithName("DisableApp")
            .WithSummary("Disable an app")
            .WithDescription("Sends the `disabled` callback. A disabled app's modules are not served, it receives no events and its calls are refused.");
        apps.MapPut("/{appKey}/quota", SetQuotaAsync)
            .WithName("SetAppQuota")
            .WithSummary("Set an app's dynamic module limit")
            .WithDescription($"Body: {{limit}}, required: an integer from 0 to {TenantRequest.MaxLimit}, or null to fall back to the tenant's per-app default.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return tenant;
    }

    private static async Task<Results<Ok<InstallResponse>, Created<InstallResponse>, ValidationProblem, ProblemHttpResult>> InstallAsync(
        VisibleTenant tenant, InstallRequest body, InstallationService service, PublicUrl publicUrl, CancellationToken cancellationToken)
    {
        var found = tenant.Tenant;
        var document = body.IsManifest ? "manifest" : "descriptor";
        var outcome = body.IsManifest
            ? await service.InstallManifestAsync(found, body.Manifest, body.ManifestUrl, cancellationToken)
            : await service.InstallAsync(found, publicUrl.TenantBaseUrl(found), body.Descriptor, body.DescriptorUrl, cancellationToken);
        switch (outcome)
        {
            case InstallOutcome.Installed installed:
                var response = new InstallResponse(
                    InstallationResponse.From(installed.Installation, found.PerAppLimit), installed.Operation, installed.PurgedModuleKeys);
                return installed.Operation == AuditOperations.AppInstall
                    ? TypedResults.Created($"/api/v1/tenants/{found.Key}/apps/{installed.Installation.AppKey}", response)
                    : TypedResults.Ok(response);
            case InstallOutcome.Invalid invalid:
                return Problems.Validation(
                    Problems.ErrorMap(invalid.Errors.Select(e => (e.Path, e.Message))),
                    $"The {document} is invalid: " + string.Join("; ", invalid.Errors.Select(e => $"{e.Path}: {e.Message}")));
            case InstallOutcome.Unavailable unavailable:
                return Problems.Status(StatusCodes.Status422UnprocessableEntity, body.IsManifest ? "Manifest unavailable" : "Descriptor unavailable",
                    ProblemTypes.DescriptorUnavailable, unavailable.Detail);
            case InstallOutcome.CallbackFailed failed:
                return Problems.Status(StatusCodes.Status502BadGateway, "The app refused the install",
                    ProblemTypes.AppCallbackFailed, "The installed callback failed, so nothing was installed. " + failed.Callback.Describe());
            default:
                throw new NotSupportedException($"Unexpected install outcome {outcome.GetType().Name}.");
        }
    }

    private static async Task<Ok<List<InstallationResponse>>> ListAsync(
        VisibleTenant tenant, InstallationStore installations, CancellationToken cancellationToken)
    {
        var all = await installations.ListAsync(tenant.Tenant.Id, cancellationToken);
        return TypedResults.Ok(all.Select(i => InstallationResponse.From(i, tenant.Tenant.PerAppLimit)).ToList());
    }

    private static async Task<Results<Ok<InstallationResponse>, ProblemHttpResult>> GetAsync(
        VisibleTenant tenant, string appKey, InstallationStore installations, CancellationToken cancellationToken)
    {
        var installation = await installations.FindAsync(tenant.Tenant.Id, appKey, cancellationToken);
        return installation is null
            ? Problems.NotFound($"No app '{appKey}' in tenant '{tenant.Key}'.")
            : TypedResults.Ok(InstallationResponse.From(installation, tenant.Tenant.PerAppLimit));
    }

    private static async Task<Results<Ok<LifecycleActionResponse>, ProblemHttpResult>> UninstallAsync(
        VisibleTenant tenant, string appKey, InstallationService service, PublicUrl publicUrl, CancellationToken cancellationToken)
    {
        var callback = await service.UninstallAsync(tenant.Tenant, publicUrl.TenantBaseUrl(tenant.Tenant), appKey, cancellationToken);
        return callback is null
            ? NotInstalled(tenant, appKey)
            : TypedResults.Ok(new LifecycleActionResponse(appKey, InstallationStates.Uninstalled, callback.StatusCode, callback.Describe()));
    }

    private static Task<Results<Ok<LifecycleActionResponse>, ProblemHttpResult>> EnableAsync(
        VisibleTenant tenant, string appKey, InstallationService service, PublicUrl publicUrl, CancellationToken cancellationToken) =>
        SetEnabledAsync(tenant, appKey, enable: true, service, publicUrl, cancellationToken);

    private static Task<Results<Ok<LifecycleActionResponse>, ProblemHttpResult>> DisableAsync(
        VisibleTenant tenant, string appKey, InstallationService service, PublicUrl publicUrl, CancellationToken cancellationToken) =>
        SetEnabledAsync(tenant, appKey, enable: false, service, publicUrl, cancellationToken);

    private static async Task<Results<Ok<LifecycleActionResponse>, ProblemHttpResult>> SetEnabledAsync(
        VisibleTenant tenant, string appKey, bool enable, InstallationService service, PublicUrl publicUrl, CancellationToken cancellationToken)
    {
        var callback = await service.SetEnabledAsync(tenant.Tenant, publicUrl.TenantBaseUrl(tenant.Tenant), appKey, enable, cancellationToken);
        return callback is null
            ? NotInstalled(tenant, appKey)
            : TypedResults.Ok(new LifecycleActionResponse(appKey, enable ? InstallationStates.Enabled : InstallationStates.Disabled,
                callback.StatusCode, callback.Describe()));
    }

    private static async Task<Results<Ok<InstallationResponse>, ProblemHttpResult>> SetQuotaAsync(
        VisibleTenant tenant, string appKey, QuotaRequest body, InstallationService service, InstallationStore installations,
        CancellationToken cancellationToken)
    {
        if (!await service.SetQuotaAsync(tenant.Tenant, appKey, body.Limit, cancellationToken))
        {
            return Problems.NotFound($"No app '{appKey}' in tenant '{tenant.Key}'.");
        }

        var installation = await installations.FindAsync(tenant.Tenant.Id, appKey, cancellationToken);
        return TypedResults.Ok(InstallationResponse.From(installation!, tenant.Tenant.PerAppLimit));
    }

    private static ProblemHttpResult NotInstalled(VisibleTenant tenant, string appKey) =>
        Problems.NotFound($"No installed app '{appKey}' in tenant '{tenant.Key}'.");
}
