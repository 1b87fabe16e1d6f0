using Registry.Core.Manifests;

namespace Registry.Core.Storage;

/// <summary>
/// Manifests of a repository by digest, kept byte for byte, and the referrers index built from
/// their <c>subject</c> fields.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-manifests.
/// </summary>
public interface IManifestStore
{
    /// <summary>Stores the manifest (idempotent) and records it as a referrer of its subject.</summary>
    Task PutAsync(RepositoryName repository, StoredManifest manifest, CancellationToken cancellationToken);

    Task<StoredManifest?> GetAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);

    /// <summary>Deletes the manifest and its referrer record; false when there was none.</summary>
    Task<bool> DeleteAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);

    /// <summary>Descriptors of the manifests whose subject is <paramref name="subject"/>.</summary>
    Task<IReadOnlyList<Descriptor>> ListReferrersAsync(RepositoryName repository, Digest subject, CancellationToken cancellationToken);
}
