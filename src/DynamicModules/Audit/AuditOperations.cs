namespace DynamicModules.Audit;

/// <summary>The operation names written to the audit log; stable, since operators filter and alert on them.</summary>
public static class AuditOperations
{
    public const string TenantCreate = "tenant.create";
    public const string TenantUpdate = "tenant.update";
    public const string AppInstall = "app.install";
    public const string AppUpgrade = "app.upgrade";
    public const string AppReinstall = "app.reinstall";
    public const string AppUninstall = "app.uninstall";
    public const string AppEnable = "app.enable";
    public const string AppDisable = "app.disable";
    public const string QuotaUpdate = "quota.update";
    public const string UserRoles = "user.roles";
    public const string ModuleRegister = "module.register";
    public const string ModuleUpdate = "module.update";
    public const string ModuleDelete = "module.delete";
    public const string ModulePurge = "module.purge";
    public const string ModuleVisibility = "module.visibility";
    public const string ModuleMigrate = "module.migrate";
}
