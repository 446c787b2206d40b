namespace DynamicModules.Server.Tests.Infrastructure;

/// <summary>
/// An assembly fixture (<c>[assembly: AssemblyFixture(typeof(LeftoverFolderCheck))]</c>) that deletes the
/// folders made through <see cref="TestFolders"/> once every test has finished, and fails the run when one
/// of them was never released (a host or store nobody disposed).
/// </summary>
public sealed class LeftoverFolderCheck : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        var unreleased = await TestFolders.DeleteAllAsync();
        if (unreleased.Count > 0)
        {
            throw new InvalidOperationException(
                $"{unreleased.Count} test folder(s) were never released by a disposed owner: {string.Join(", ", unreleased.Take(10))}");
        }
    }
}
