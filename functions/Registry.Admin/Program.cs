// Registry.Admin: manage the credentials that may request registry tokens. Storage from the same
// AzureWebJobsStorage setting the hosts read: environment, or --AzureWebJobsStorage=... on the command line.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Registry.Admin;

var (settings, command) = AdminCli.SplitSettings(args);
var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(settings).Build();
ServiceProvider services;
try
{
    services = new ServiceCollection().AddAzureRegistryStorage(configuration).BuildServiceProvider();
}
catch (InvalidOperationException e)
{
    await Console.Error.WriteLineAsync(e.Message + Environment.NewLine + Environment.NewLine + AdminCli.Usage);
    return AdminCli.UsageError;
}

await using (services)
{
    using var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        cancel.Cancel();
    };
    return await AdminCli.RunAsync(command, services, Console.Out, Console.Error, cancel.Token);
}
