using Registry.Core;

namespace Registry.Http.Responses;

/// <summary>The URLs the registry hands out in <c>Location</c> and <c>Link</c> headers (host-relative, as the spec allows).</summary>
public static class Locations
{
    public static string Blob(RepositoryName repository, Digest digest) => $"/v2/{repository}/blobs/{digest}";

    public static string Upload(RepositoryName repository, UploadId id) => $"/v2/{repository}/blobs/uploads/{id}";

    public static string Manifest(RepositoryName repository, Digest digest) => $"/v2/{repository}/manifests/{digest}";

    public static string Tags(RepositoryName repository) => $"/v2/{repository}/tags/list";

    public const string Catalog = "/v2/_catalog";
}
