namespace DynamicModules.Tenants;

/// <summary>Who may register dynamic modules in a tenant (DESIGN §4.1).</summary>
public static class RegistrationPolicies
{
    /// <summary>The app decides: any authenticated call may register.</summary>
    public const string Any = "any";

    /// <summary>asUser calls need a user holding the <c>product-admin</c> role.</summary>
    public const string ProductAdmin = "product-admin";

    /// <summary>The role an acting user needs under <see cref="ProductAdmin"/>.</summary>
    public const string ProductAdminRole = "product-admin";

    /// <summary>True for a known policy name.</summary>
    public static bool IsKnown(string policy) => policy is Any or ProductAdmin;
}
