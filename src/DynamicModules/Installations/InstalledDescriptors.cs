using DynamicModules.Apps;

namespace DynamicModules.Installations;

/// <summary>The descriptor an installation runs on, through the shared <see cref="AppDescriptorCache"/>.</summary>
public static class InstalledDescriptors
{
    /// <summary>The parsed descriptor of the installation's current descriptor version.</summary>
    public static AppDescriptor DescriptorOf(this AppDescriptorCache cache, Installation installation)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(installation);
        return cache.Get(installation.Id, installation.DescriptorVersion, installation.Descriptor);
    }
}
