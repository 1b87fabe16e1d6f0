using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Registry.Http.Auth;

/// <summary>
/// Slows down password guessing: after <see cref="AuthOptions.MaxFailedLogins"/> failures for one
/// name within <see cref="AuthOptions.ThrottleWindow"/>, that name is refused (429) until the window
/// passes, whatever the password. Per instance: each instance of a scaled-out app counts on its own.
/// </summary>
public sealed class LoginThrottle(IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Since)> failures = new(StringComparer.Ordinal);

    public bool IsLockedOut(string name) =>
        failures.TryGetValue(name, out var entry)
        && entry.Failures >= options.Value.MaxFailedLogins
        && time.GetUtcNow() - entry.Since < options.Value.ThrottleWindow;

    public void RecordFailure(string name)
    {
        var now = time.GetUtcNow();
        failures.AddOrUpdate(
            name,
            _ => (1, now),
            (_, entry) => now - entry.Since < options.Value.ThrottleWindow ? (entry.Failures + 1, entry.Since) : (1, now));
    }

    public void RecordSuccess(string name) => failures.TryRemove(name, out _);
}
