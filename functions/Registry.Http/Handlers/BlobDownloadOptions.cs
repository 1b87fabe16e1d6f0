namespace Registry.Http.Handlers;

/// <summary>
/// How blob GETs are answered, from the <c>Registry:Blobs</c> section (environment:
/// <c>Registry__Blobs__RedirectDownloads</c> ...). With redirects on (the default) a GET answers
/// <c>307 Temporary Redirect</c> to a short-lived read-only URL of the blob in storage, so layers
/// download straight from storage; off, or when the storage cannot sign such a URL, the bytes stream
/// through the host (with Range support). HEAD always answers here.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-blobs.
/// </summary>
public sealed class BlobDownloadOptions
{
    public const string Section = "Registry:Blobs";

    /// <summary>The longest <see cref="RedirectLifetime"/> allowed.</summary>
    public static readonly TimeSpan MaxRedirectLifetime = TimeSpan.FromDays(1);

    /// <summary>Redirect blob GETs to storage (true, the default) or stream them through the host.</summary>
    public bool RedirectDownloads { get; set; } = true;

    /// <summary>
    /// How long a redirect URL stays valid (default 10 minutes; at most one day). It needs only to
    /// outlive the moment the client starts the download: storage checks it once per request.
    /// </summary>
    public TimeSpan RedirectLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
