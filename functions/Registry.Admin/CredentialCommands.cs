using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Auth;
using Registry.Core.Storage;

namespace Registry.Admin;

/// <summary><c>credentials add | list | revoke</c>: options are checked before storage is touched.</summary>
internal sealed class CredentialCommands(IServiceProvider services, TextWriter stdout, TextWriter stderr)
{
    private const string Name = "--name";
    private const string Repos = "--repos";
    private const string Actions = "--actions";
    private const string Expires = "--expires";
    private const string ReadOnly = "--read-only";
    private const string NameRule = "a credential name is 1-64 letters, digits, '.', '_', '-'";

    private readonly TimeProvider time = services.GetService<TimeProvider>() ?? TimeProvider.System;

    public async Task<int> AddAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (!CommandOptions.TryParse(args, [Name, Repos, Actions, Expires], [ReadOnly], out var options, out var error))
        {
            return await AdminCli.UsageErrorAsync(stderr, error!);
        }

        var now = time.GetUtcNow();
        if (ParseName(options) is not { } name)
        {
            return await AdminCli.UsageErrorAsync(stderr, NameError(options));
        }

        if (!TryParseRules(options, out var rules, out error) || !TryParseExpiry(options, now, out var expiresAt, out error))
        {
            return await AdminCli.UsageErrorAsync(stderr, error!);
        }

        var secret = SecretHasher.NewSecret();
        var credential = new Credential(name, SecretHasher.Hash(secret), rules, now, expiresAt, null);
        await AdminCli.StartStorageAsync(services, cancellationToken);
        if (!await Store.AddAsync(credential, cancellationToken))
        {
            await stderr.WriteLineAsync($"error: a credential named '{name}' exists already (revoke it and choose another name)");
            return AdminCli.Failed;
        }

        await stdout.WriteLineAsync($"name:   {name}");
        await stdout.WriteLineAsync($"secret: {secret}");
        await stdout.WriteLineAsync("The secret cannot be shown again: store it now. Log in with the name as username and the secret as password.");
        return AdminCli.Ok;
    }

    /// <summary>One line per credential after a header: name, rules, created, expires, status. Never the hash.</summary>
    public async Task<int> ListAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count > 0)
        {
            return await AdminCli.UsageErrorAsync(stderr, $"unknown argument '{args[0]}'");
        }

        await AdminCli.StartStorageAsync(services, cancellationToken);
        var credentials = await Store.ListAsync(cancellationToken);
        if (credentials.Count == 0)
        {
            await stdout.WriteLineAsync("no credentials");
            return AdminCli.Ok;
        }

        var now = time.GetUtcNow();
        List<string[]> rows = [["NAME", "RULES", "CREATED", "EXPIRES", "STATUS"]];
        rows.AddRange(credentials.Select(c => new[]
        {
            c.Name, FormatRules(c.Rules), FormatTime(c.CreatedAt), c.ExpiresAt is { } expires ? FormatTime(expires) : "never", Status(c, now),
        }));
        var widths = Enumerable.Range(0, 4).Select(column => rows.Max(row => row[column].Length)).ToList();
        foreach (var row in rows)
        {
            await stdout.WriteLineAsync(string.Join("  ", row.Select((cell, column) => column < 4 ? cell.PadRight(widths[column]) : cell)));
        }

        return AdminCli.Ok;
    }

    public async Task<int> RevokeAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (!CommandOptions.TryParse(args, [Name], [], out var options, out var error))
        {
            return await AdminCli.UsageErrorAsync(stderr, error!);
        }

        if (ParseName(options) is not { } name)
        {
            return await AdminCli.UsageErrorAsync(stderr, NameError(options));
        }

        await AdminCli.StartStorageAsync(services, cancellationToken);
        if (!await Store.RevokeAsync(name, time.GetUtcNow(), cancellationToken))
        {
            await stderr.WriteLineAsync($"error: no credential named '{name}'");
            return AdminCli.Failed;
        }

        await stdout.WriteLineAsync($"revoked {name}");
        return AdminCli.Ok;
    }

    /// <summary><c>team/*=pull,push;base/*=pull</c>.</summary>
    internal static string FormatRules(IEnumerable<AccessRule> rules) =>
        string.Join(';', rules.Select(rule => $"{rule.RepositoryPattern}={string.Join(',', rule.Actions)}"));

    private ICredentialStore Store => services.GetRequiredService<ICredentialStore>();

    private static string? ParseName(CommandOptions options) => options[Name] is { } name && Credential.IsValidName(name) ? name : null;

    private static string NameError(CommandOptions options) =>
        options[Name] is { } name ? $"invalid {Name} '{name}': {NameRule}" : $"{Name} is required";

    /// <summary>One rule per pattern of <c>--repos</c>, each with the actions of <c>--actions</c> (or pull for <c>--read-only</c>).</summary>
    private static bool TryParseRules(CommandOptions options, out List<AccessRule> rules, out string? error)
    {
        rules = [];
        var actions = options[Actions];
        if (options.Has(ReadOnly))
        {
            if (actions is not null && actions.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(a => a != "pull"))
            {
                error = $"{ReadOnly} allows only pull, not {Actions} {actions}";
                return false;
            }

            actions = "pull";
        }

        var patterns = options[Repos]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList() ?? [];
        if (patterns.Count == 0 || actions is null)
        {
            error = patterns.Count == 0
                ? $"{Repos} is required: one or more repository patterns, comma-separated"
                : $"{Actions} is required (or {ReadOnly})";
            return false;
        }

        error = null;
        foreach (var pattern in patterns)
        {
            if (!AccessRule.TryCreate(pattern, actions, out var rule, out var reason))
            {
                error = $"invalid rule '{pattern}={actions}': {reason}";
                return false;
            }

            rules.Add(rule);
        }

        return true;
    }

    private static bool TryParseExpiry(CommandOptions options, DateTimeOffset now, out DateTimeOffset? expiresAt, out string? error)
    {
        expiresAt = null;
        error = null;
        if (options[Expires] is not { } value)
        {
            return true;
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            error = $"invalid {Expires} '{value}': use ISO 8601, e.g. 2027-01-31T00:00:00Z";
        }
        else if (parsed <= now)
        {
            error = $"{Expires} {FormatTime(parsed)} is not in the future";
        }
        else
        {
            expiresAt = parsed;
        }

        return error is null;
    }

    private static string Status(Credential credential, DateTimeOffset now) =>
        credential.RevokedAt is not null ? "revoked" : credential.IsActive(now) ? "active" : "expired";

    private static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
