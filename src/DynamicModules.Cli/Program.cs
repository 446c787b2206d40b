using DynamicModules.Cli;

return await DynmodCommand.RunAsync(args);
