using DynamicModules.Protocol.Connect;
using Microsoft.AspNetCore.Authentication;

namespace DynamicModules.Server.Auth;

/// <summary>The two ways in: the operator key (or an admin link) for <c>/api/v1</c>, an app's JWT for <c>/t/{tenant}</c>.</summary>
public static class ServiceAuthentication
{
    /// <summary>Registers both authentication schemes, their policies, the JWT validator and the admin session tokens.</summary>
    public static IServiceCollection AddServiceAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<ConnectJwtValidator>();
        services.AddSingleton<AdminSessionTokens>();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorAuthenticationHandler>(OperatorAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AppCallAuthenticationHandler>(AppCallAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorAuthenticationHandler.SchemeName, policy => policy
                .AddAuthenticationSchemes(OperatorAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser())
            .AddPolicy(AppCallAuthenticationHandler.SchemeName, policy => policy
                .AddAuthenticationSchemes(AppCallAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser());
        return services;
    }
}
