using DynamicModules.Server.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(LeftoverFolderCheck))]
