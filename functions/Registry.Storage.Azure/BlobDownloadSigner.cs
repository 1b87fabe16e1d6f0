using Azure;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Logging;

namespace Registry.Storage.Azure;

/// <summary>
/// Signs short-lived, read-only SAS URLs for single blobs with whatever the account's client holds:
/// <list type="bullet">
/// <item>a shared key (a connection string with an account key, Azurite): a service SAS signed with it, locally;</item>
/// <item>a token credential (managed identity in Azure): a user delegation SAS, signed with a user delegation
/// key asked from the service (Get User Delegation Key). The identity needs the data action
/// <c>Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action</c>, which Storage Blob
/// Delegator and Storage Blob Data Reader/Contributor/Owner include. One key signs every URL until
/// shortly before it expires;</item>
/// <item>neither (a SAS connection string, an identity without that right): no URL (null), and blob reads
/// stream through the host. A failed key request is retried after <see cref="RetryAfterFailure"/>.</item>
/// </list>
/// Every URL allows GET/HEAD of one blob (<c>sp=r</c>, <c>sr=b</c>), starts <see cref="ClockSkew"/> in the
/// past and is HTTPS-only when the account is. It is a bearer credential: never log it.
/// See https://learn.microsoft.com/rest/api/storageservices/create-user-delegation-sas and
/// https://learn.microsoft.com/rest/api/storageservices/create-service-sas.
/// </summary>
public sealed partial class BlobDownloadSigner(BlobServiceClient service, TimeProvider time, ILogger<BlobDownloadSigner> logger)
{
    /// <summary>How far in the past every URL and key starts, for storage clocks that run behind ours.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The longest lifetime a URL may be asked for.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    /// <summary>Validity asked for each user delegation key (the service allows up to 7 days).</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(2);

    /// <summary>A key is replaced when it would expire less than this after the URL being signed.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    /// <summary>How long to stream before asking again after a key request failed.</summary>
    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private Task<DelegationKey>? delegationKey;

    /// <summary>A read-only URL for <paramref name="blob"/> valid for <paramref name="lifetime"/>; null when this account cannot sign one.</summary>
    public async Task<Uri?> SignAsync(BlobClient blob, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, MaxLifetime);
        var now = time.GetUtcNow();
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, now + lifetime)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = now - ClockSkew,
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        return await GetKeyAsync(now, lifetime, cancellationToken) is { } key ? blob.GenerateUserDelegationSasUri(sas, key) : null;
    }

    /// <summary>The cached user delegation key if it outlives the URL, else a new one (one request at a time); null when none can be had.</summary>
    private async Task<UserDelegationKey?> GetKeyAsync(DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        Task<DelegationKey> task;
        lock (gate)
        {
            if (delegationKey is null || !IsUsable(delegationKey, now, lifetime))
            {
                delegationKey = Task.Run(() => FetchKeyAsync(now), CancellationToken.None);
            }

            task = delegationKey;
        }

        return (await task.WaitAsync(cancellationToken)).Key;
    }

    private static bool IsUsable(Task<DelegationKey> task, DateTimeOffset now, TimeSpan lifetime)
    {
        if (!task.IsCompleted)
        {
            return true; // in flight: every caller shares it (a new key outlives any allowed lifetime)
        }

        if (!task.IsCompletedSuccessfully)
        {
            return false;
        }

        var fetched = task.Result;
        return fetched.Key is { } key
            ? key.SignedExpiresOn >= now + lifetime + RenewBefore
            : now < fetched.FetchedAt + RetryAfterFailure;
    }

    private async Task<DelegationKey> FetchKeyAsync(DateTimeOffset now)
    {
        try
        {
            var options = new BlobGetUserDelegationKeyOptions(now + KeyLifetime) { StartsOn = now - ClockSkew };
            var key = await service.GetUserDelegationKeyAsync(options, CancellationToken.None);
            return new DelegationKey(key.Value, now);
        }
        catch (Exception e) when (e is RequestFailedException or AuthenticationFailedException or AggregateException)
        {
            LogCannotSign(logger, e, RetryAfterFailure);
            return new DelegationKey(null, now);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "No user delegation key: blob downloads stream through the host instead of redirecting to storage (asking again in {RetryAfter})")]
    private static partial void LogCannotSign(ILogger logger, Exception exception, TimeSpan retryAfter);

    private sealed record DelegationKey(UserDelegationKey? Key, DateTimeOffset FetchedAt);
}
