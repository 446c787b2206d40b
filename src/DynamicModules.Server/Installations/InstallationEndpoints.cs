using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicModules.Audit;
using DynamicModules.Installations;
using DynamicModules.Server.Auth;
using DynamicModules.Server.Errors;
using DynamicModules.Server.Requests;
using DynamicModules.Server.Tenants;
using DynamicModules.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DynamicModules.Server.Installations;

/// <summary>Operator API: app installs and their lifecycle, per-app quotas and user roles.</summary>
public static class InstallationEndpoints
{
    /// <summary>Maps <c>/api/v1/tenants/{tenant}/apps</c> and <c>/users</c>.</summary>
    public static RouteGroupBuilder MapInstallationEndpoints(this RouteGroupBuilder tenant)
    {
        var group = tenant.MapGroup("").WithTags("Apps");

        group.MapPost("/apps", InstallAsync)
            .WithSummary("Install or upgrade an app")
            .WithDescription("Body: {descriptorUrl} or {descriptor}. Fetches the descriptor and translations, validates them, sends the RS256-signed `installed` callback (a non-2xx answer fails the install and changes nothing), then `enabled`. An upgrade whose static modules reuse a dynamic key removes all of the app's dynamic modules (audited). A reinstall after uninstall restores them.");
        group.MapGet("/apps", ListAsync).WithSummary("List a tenant's app installations");
        group.MapGet("/apps/{appKey}", GetAsync).WithSummary("Get one installation");
        group.MapDelete("/apps/{appKey}", UninstallAsync)
            .WithSummary("Uninstall an app")
            .WithDescription("Sends the signed `uninstalled` callback; dynamic modules are kept for a later reinstall.");
        group.MapPost("/apps/{appKey}/enable", (string tenant, string appKey, ClaimsPrincipal user, TenantStore tenants, InstallationService service, PublicUrl publicUrl, CancellationToken cancellationToken) =>
                SetEnabledAsync(tenant, appKey, true, user, tenants, service, publicUrl, cancellationToken))
            .WithSummary("Enable an app");
        group.MapPost("/apps/{appKey}/disable", (string tenant, string appKey, ClaimsPrincipal user, TenantStore tenants, InstallationService service, PublicUrl publicUrl, CancellationToken cancellationToken) =>
                SetEnabledAsync(tenant, appKey, false, user, tenants, service, publicUrl, cancellationToken))
            .WithSummary("Disable an app")
            .WithDescription("A disabled app's modules are not served, it receives no events and its calls are refused.");
        group.MapPut("/apps/{appKey}/quota", SetQuotaAsync)
            .WithSummary("Set an app's dynamic module limit")
            .WithDescription("Body: {limit}: an integer, or null to fall back to the tenant's per-app default.");
        group.MapPut("/users/{accountId}", SetRolesAsync)
            .WithSummary("Set a user's roles")
            .WithDescription("Body: {roles: [\"product-admin\", ...]}. Used by the `product-admin` registration policy.");
        return tenant;
    }

    private static async Task<Results<Ok<InstallResponse>, Created<InstallResponse>, ValidationProblem, ProblemHttpResult>> InstallAsync(
        string tenant, HttpRequest request, ClaimsPrincipal user, TenantStore tenants, InstallationService service, PublicUrl publicUrl,
        CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        if (found is null)
        {
            return Problems.NotFound($"No tenant '{tenant}'.");
        }

        var (body, error) = await RequestJson.ReadObjectAsync(request, cancellationToken);
        if (body is null)
        {
            return error!.ToProblem();
        }

        var descriptor = body["descriptor"];
        var descriptorUrl = body["descriptorUrl"] is JsonValue url && url.GetValueKind() == JsonValueKind.String ? url.GetValue<string>() : null;
        if ((descriptor is null) == (descriptorUrl is null))
        {
            return Problems.Validation("$", "Give exactly one of descriptor (the JSON document) or descriptorUrl (a string).");
        }

        var outcome = await service.InstallAsync(found, publicUrl.TenantBaseUrl(tenant), descriptor?.DeepClone(), descriptorUrl, cancellationToken);
        switch (outcome)
        {
            case InstallOutcome.Installed installed:
                var response = new InstallResponse(
                    InstallationResponse.From(installed.Installation, found.PerAppLimit), installed.Operation, installed.PurgedModuleKeys);
                return installed.Operation == AuditOperations.AppInstall
                    ? TypedResults.Created($"/api/v1/tenants/{tenant}/apps/{installed.Installation.AppKey}", response)
                    : TypedResults.Ok(response);
            case InstallOutcome.Invalid invalid:
                return Problems.Validation(
                    Problems.ErrorMap(invalid.Errors.Select(e => (e.Path, e.Message))),
                    "The descriptor is invalid: " + string.Join("; ", invalid.Errors.Select(e => $"{e.Path}: {e.Message}")));
            case InstallOutcome.Unavailable unavailable:
                return Problems.Status(StatusCodes.Status422UnprocessableEntity, "Descriptor unavailable",
                    ProblemTypes.DescriptorUnavailable, unavailable.Detail);
            case InstallOutcome.CallbackFailed failed:
                return Problems.Status(StatusCodes.Status502BadGateway, "The app refused the install",
                    ProblemTypes.AppCallbackFailed, "The installed callback failed, so nothing was installed. " + failed.Callback.Describe());
            default:
                throw new NotSupportedException($"Unexpected install outcome {outcome.GetType().Name}.");
        }
    }

    private static async Task<Results<Ok<List<InstallationResponse>>, ProblemHttpResult>> ListAsync(
        string tenant, ClaimsPrincipal user, TenantStore tenants, InstallationStore installations, CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        if (found is null)
        {
            return Problems.NotFound($"No tenant '{tenant}'.");
        }

        var all = await installations.ListAsync(found.Id, cancellationToken);
        return TypedResults.Ok(all.Select(i => InstallationResponse.From(i, found.PerAppLimit)).ToList());
    }

    private static async Task<Results<Ok<InstallationResponse>, ProblemHttpResult>> GetAsync(
        string tenant, string appKey, ClaimsPrincipal user, TenantStore tenants, InstallationStore installations, CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        var installation = found is null ? null : await installations.FindAsync(found.Id, appKey, cancellationToken);
        return installation is null
            ? Problems.NotFound($"No app '{appKey}' in tenant '{tenant}'.")
            : TypedResults.Ok(InstallationResponse.From(installation, found!.PerAppLimit));
    }

    private static async Task<Results<Ok<LifecycleActionResponse>, ProblemHttpResult>> UninstallAsync(
        string tenant, string appKey, ClaimsPrincipal user, TenantStore tenants, InstallationService service, PublicUrl publicUrl,
        CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        var callback = found is null ? null : await service.UninstallAsync(found, publicUrl.TenantBaseUrl(tenant), appKey, cancellationToken);
        return callback is null
            ? Problems.NotFound($"No installed app '{appKey}' in tenant '{tenant}'.")
            : TypedResults.Ok(new LifecycleActionResponse(appKey, InstallationStates.Uninstalled, callback.StatusCode, callback.Describe()));
    }

    private static async Task<Results<Ok<LifecycleActionResponse>, ProblemHttpResult>> SetEnabledAsync(
        string tenant, string appKey, bool enable, ClaimsPrincipal user, TenantStore tenants, InstallationService service, PublicUrl publicUrl,
        CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        var callback = found is null ? null : await service.SetEnabledAsync(found, publicUrl.TenantBaseUrl(tenant), appKey, enable, cancellationToken);
        return callback is null
            ? Problems.NotFound($"No installed app '{appKey}' in tenant '{tenant}'.")
            : TypedResults.Ok(new LifecycleActionResponse(appKey, enable ? InstallationStates.Enabled : InstallationStates.Disabled,
                callback.StatusCode, callback.Describe()));
    }

    private static async Task<Results<Ok<InstallationResponse>, ValidationProblem, ProblemHttpResult>> SetQuotaAsync(
        string tenant, string appKey, HttpRequest request, ClaimsPrincipal user, TenantStore tenants, InstallationService service,
        InstallationStore installations, CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        if (found is null)
        {
            return Problems.NotFound($"No tenant '{tenant}'.");
        }

        var (body, error) = await RequestJson.ReadObjectAsync(request, cancellationToken);
        if (body is null)
        {
            return error!.ToProblem();
        }

        if (!body.ContainsKey("limit"))
        {
            return Problems.Validation("limit", "limit is required: an integer from 0 to 100000, or null for the tenant default.");
        }

        var errors = new List<(string, string)>();
        var limit = JsonRead.ReadInt(body, "limit", "limit", 0, TenantRequest.MaxLimit, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(Problems.ErrorMap(errors));
        }

        if (!await service.SetQuotaAsync(found, appKey, limit, cancellationToken))
        {
            return Problems.NotFound($"No app '{appKey}' in tenant '{tenant}'.");
        }

        var installation = await installations.FindAsync(found.Id, appKey, cancellationToken);
        return TypedResults.Ok(InstallationResponse.From(installation!, found.PerAppLimit));
    }

    private static async Task<Results<Ok<UserRolesResponse>, ValidationProblem, ProblemHttpResult>> SetRolesAsync(
        string tenant, string accountId, HttpRequest request, ClaimsPrincipal user, TenantStore tenants, TenantSetup setup,
        CancellationToken cancellationToken)
    {
        var found = await tenants.FindVisibleAsync(user, tenant, cancellationToken);
        if (found is null)
        {
            return Problems.NotFound($"No tenant '{tenant}'.");
        }

        if (accountId.Length is 0 or > 128)
        {
            return Problems.Validation("accountId", "accountId must be 1-128 characters.");
        }

        var (body, error) = await RequestJson.ReadObjectAsync(request, cancellationToken);
        if (body is null)
        {
            return error!.ToProblem();
        }

        if (body["roles"] is not JsonArray roleArray
            || roleArray.Any(role => role is not JsonValue value || value.GetValueKind() != JsonValueKind.String || value.GetValue<string>().Length is 0 or > 64))
        {
            return Problems.Validation("roles", "roles must be an array of role names (strings of 1-64 characters).");
        }

        var roles = roleArray.Select(role => role!.GetValue<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        await setup.SetRolesAsync(found.Id, accountId, roles, cancellationToken);
        return TypedResults.Ok(new UserRolesResponse(accountId, roles));
    }


    /// <summary>A user's roles after a change.</summary>
    public sealed record UserRolesResponse(string AccountId, IReadOnlyList<string> Roles);
}
