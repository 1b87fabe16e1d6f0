namespace Registry.Core.Errors;

/// <summary>
/// One entry of the error catalog: the spec's code, its default message and the HTTP status.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#error-codes.
/// </summary>
public sealed record ErrorCode(string Code, string Message, int Status)
{
    public static readonly ErrorCode BlobUnknown = new("BLOB_UNKNOWN", "blob unknown to registry", 404);
    public static readonly ErrorCode BlobUploadInvalid = new("BLOB_UPLOAD_INVALID", "blob upload invalid", 400);
    public static readonly ErrorCode BlobUploadUnknown = new("BLOB_UPLOAD_UNKNOWN", "blob upload unknown to registry", 404);
    public static readonly ErrorCode DigestInvalid = new("DIGEST_INVALID", "provided digest did not match uploaded content", 400);
    public static readonly ErrorCode ManifestBlobUnknown = new("MANIFEST_BLOB_UNKNOWN", "manifest references a manifest or blob unknown to registry", 400);
    public static readonly ErrorCode ManifestInvalid = new("MANIFEST_INVALID", "manifest invalid", 400);
    public static readonly ErrorCode ManifestUnknown = new("MANIFEST_UNKNOWN", "manifest unknown to registry", 404);
    public static readonly ErrorCode NameInvalid = new("NAME_INVALID", "invalid repository name", 400);
    public static readonly ErrorCode NameUnknown = new("NAME_UNKNOWN", "repository name not known to registry", 404);
    public static readonly ErrorCode SizeInvalid = new("SIZE_INVALID", "provided length did not match content length", 400);
    public static readonly ErrorCode ManifestTooLarge = new("SIZE_INVALID", "manifest exceeds the size limit", 413);
    public static readonly ErrorCode TagInvalid = new("TAG_INVALID", "manifest tag did not match URI", 400);
    public static readonly ErrorCode RangeInvalid = new("RANGE_INVALID", "invalid content range", 416);
    public static readonly ErrorCode Unauthorized = new("UNAUTHORIZED", "authentication required", 401);
    public static readonly ErrorCode Denied = new("DENIED", "requested access to the resource is denied", 403);
    public static readonly ErrorCode Unsupported = new("UNSUPPORTED", "the operation is unsupported", 405);
    public static readonly ErrorCode UnsupportedMediaType = new("UNSUPPORTED", "the content type is unsupported", 415);
    public static readonly ErrorCode PaginationNumberInvalid = new("PAGINATION_NUMBER_INVALID", "invalid number of results requested", 400);
    public static readonly ErrorCode TokenRequestInvalid = new("UNSUPPORTED", "unsupported token request", 400);
    public static readonly ErrorCode TooManyRequests = new("TOOMANYREQUESTS", "too many requests", 429);
    public static readonly ErrorCode NotFound = new("NOT_FOUND", "no such endpoint", 404);
    public static readonly ErrorCode Unknown = new("UNKNOWN", "unknown error", 500);

    /// <summary>Every entry, for tests and documentation.</summary>
    public static IReadOnlyList<ErrorCode> All { get; } =
    [
        BlobUnknown, BlobUploadInvalid, BlobUploadUnknown, DigestInvalid, ManifestBlobUnknown,
        ManifestInvalid, ManifestUnknown, NameInvalid, NameUnknown, SizeInvalid, ManifestTooLarge,
        TagInvalid, RangeInvalid, PaginationNumberInvalid, Unauthorized, Denied, Unsupported, UnsupportedMediaType, TokenRequestInvalid,
        TooManyRequests, NotFound, Unknown,
    ];

    /// <summary>An error of this code with a detail for the client.</summary>
    public RegistryError With(string? detail = null, string? message = null) => new(this, message ?? Message, detail);
}
