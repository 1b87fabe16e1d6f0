using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registry.Storage.Azure;

namespace Registry.Admin;

/// <summary>
/// The commands of the admin tool, on whatever storage <c>services</c> provides: the entry point
/// for Program.cs and for tests. Exit codes: <see cref="Ok"/>, <see cref="Failed"/> (not found,
/// name taken), <see cref="UsageError"/> (message on stderr).
/// </summary>
public static class AdminCli
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int UsageError = 2;

    public const string Usage = """
        Usage:
          Registry.Admin credentials add --name NAME --repos PATTERN[,PATTERN...] --actions ACTION[,ACTION...] [--expires TIME]
          Registry.Admin credentials add --name NAME --repos PATTERN[,PATTERN...] --read-only [--expires TIME]
          Registry.Admin credentials list
          Registry.Admin credentials revoke --name NAME

          NAME      1-64 letters, digits, '.', '_', '-' (the username of `docker login`)
          PATTERN   a repository name in which '*' matches any characters, '/' included: team/*, base/alpine, *
          ACTION    pull, push, delete; --read-only is --actions pull
          TIME      when the credential stops working, ISO 8601: 2027-01-31T00:00:00Z

        add prints the secret (the password of `docker login`) once; only its salted hash is stored.
        Storage: the AzureWebJobsStorage setting, from the environment or --AzureWebJobsStorage=...
        (a connection string; UseDevelopmentStorage=true for Azurite).
        Exit codes: 0 done, 1 not found or name taken, 2 usage error.
        """;

    private const string SettingsPrefix = "--" + AzureStorageSettings.SectionName;

    public static async Task<int> RunAsync(
        string[] args, IServiceProvider services, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        switch (args)
        {
            case ["help" or "--help" or "-h"]:
                await stdout.WriteLineAsync(Usage);
                return Ok;
            case ["credentials", var verb, .. var rest]:
                var commands = new CredentialCommands(services, stdout, stderr);
                return verb switch
                {
                    "add" => await commands.AddAsync(rest, cancellationToken),
                    "list" => await commands.ListAsync(rest, cancellationToken),
                    "revoke" => await commands.RevokeAsync(rest, cancellationToken),
                    _ => await UsageErrorAsync(stderr, $"unknown command 'credentials {verb}'"),
                };
            case ["credentials"]:
                return await UsageErrorAsync(stderr, "credentials needs a command: add, list or revoke");
            case []:
                return await UsageErrorAsync(stderr, "no command given");
            default:
                return await UsageErrorAsync(stderr, $"unknown command '{string.Join(' ', args)}'");
        }
    }

    /// <summary>
    /// Separates the storage settings (<c>--AzureWebJobsStorage=...</c>, <c>--AzureWebJobsStorage:key=...</c>,
    /// or either followed by its value) for the configuration from the command and its options.
    /// </summary>
    public static (string[] Settings, string[] Command) SplitSettings(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        List<string> settings = [], command = [];
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var isSetting = arg.StartsWith(SettingsPrefix, StringComparison.Ordinal)
                && (arg.Length == SettingsPrefix.Length || arg[SettingsPrefix.Length] is '=' or ':');
            if (!isSetting)
            {
                command.Add(arg);
                continue;
            }

            settings.Add(arg);
            if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count)
            {
                settings.Add(args[++i]);
            }
        }

        return ([.. settings], [.. command]);
    }

    /// <summary>Writes <paramref name="message"/> and where to find the usage; returns <see cref="UsageError"/>.</summary>
    internal static async Task<int> UsageErrorAsync(TextWriter stderr, string message)
    {
        await stderr.WriteLineAsync($"error: {message}");
        await stderr.WriteLineAsync(Usage);
        return UsageError;
    }

    /// <summary>Runs the storage initializer (creates the container and tables), as a host would at start.</summary>
    internal static async Task StartStorageAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        foreach (var service in services.GetServices<IHostedService>())
        {
            await service.StartAsync(cancellationToken);
        }
    }
}
