using DynamicModules.Server.Hosting;

var app = await ServerApp.BuildAsync(args);
await app.RunAsync();
