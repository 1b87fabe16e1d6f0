using Registry.Core.Errors;
using Registry.Core.Storage;

namespace Registry.Core.Manifests;

/// <summary>
/// The manifest rules of the spec: validation, references that must exist, tags, deletion and referrers.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pushing-manifests.
/// </summary>
public sealed class ManifestService(IManifestStore manifests, ITagStore tags, IBlobStore blobs, IRepositoryCatalog catalog, ManifestCache cache)
{
    public async Task<Result<ParsedManifest>> PutAsync(
        RepositoryName repository, Reference reference, ReadOnlyMemory<byte> content, string? contentType, CancellationToken cancellationToken)
    {
        var parsed = ManifestParser.Parse(content, contentType);
        if (parsed.Value is not { } manifest)
        {
            return parsed;
        }

        if (reference.Digest is { } expected && expected != manifest.Digest)
        {
            return ErrorCode.DigestInvalid.With($"the manifest has digest {manifest.Digest}, not {expected}");
        }

        var missing = await blobs.FindMissingAsync(repository, [.. manifest.Blobs.Distinct()], cancellationToken);
        if (missing.Count > 0)
        {
            return ErrorCode.ManifestBlobUnknown.With($"blob {missing[0]} is not in repository {repository}");
        }

        foreach (var child in manifest.Manifests.Distinct())
        {
            if (cache.Get(repository, child) is null && !await manifests.ExistsAsync(repository, child, cancellationToken))
            {
                return ErrorCode.ManifestBlobUnknown.With($"manifest {child} is not in repository {repository}");
            }
        }

        var stored = manifest.ToStored();
        await manifests.PutAsync(repository, stored, cancellationToken);
        cache.Set(repository, stored);
        if (reference.Tag is { } tag)
        {
            await tags.SetAsync(repository, tag, manifest.Digest, cancellationToken);
        }

        await catalog.AddAsync(repository, cancellationToken);
        return manifest;
    }

    public async Task<Result<StoredManifest>> GetAsync(RepositoryName repository, Reference reference, CancellationToken cancellationToken)
    {
        var digest = await ResolveAsync(repository, reference, cancellationToken);
        if (digest is null)
        {
            return Unknown(repository, reference);
        }

        if (cache.Get(repository, digest.Value) is { } cached)
        {
            return cached;
        }

        if (await manifests.GetAsync(repository, digest.Value, cancellationToken) is { } manifest)
        {
            cache.Set(repository, manifest);
            return manifest;
        }

        return Unknown(repository, reference);
    }

    /// <summary>Deleting a digest deletes the manifest and every tag on it; deleting a tag deletes only the tag.</summary>
    public async Task<RegistryError?> DeleteAsync(RepositoryName repository, Reference reference, CancellationToken cancellationToken)
    {
        var deleted = reference.Tag is { } tag
            ? await tags.DeleteAsync(repository, tag, cancellationToken)
            : await DeleteManifestAsync(repository, reference.Digest!.Value, cancellationToken);
        return deleted ? null : Unknown(repository, reference);
    }

    public async Task<Result<Page<Tag>>> ListTagsAsync(RepositoryName repository, int limit, string? last, CancellationToken cancellationToken)
    {
        if (!await catalog.ExistsAsync(repository, cancellationToken))
        {
            return ErrorCode.NameUnknown.With($"repository {repository} is not known to the registry");
        }

        return await tags.ListAsync(repository, limit, last, cancellationToken);
    }

    /// <summary>Referrers of <paramref name="subject"/>, optionally only those of one artifact type.</summary>
    public async Task<IReadOnlyList<Descriptor>> ListReferrersAsync(
        RepositoryName repository, Digest subject, string? artifactType, CancellationToken cancellationToken)
    {
        var referrers = await manifests.ListReferrersAsync(repository, subject, cancellationToken);
        return artifactType is null ? referrers : referrers.Where(r => r.ArtifactType == artifactType).ToList();
    }

    private static RegistryError Unknown(RepositoryName repository, Reference reference) =>
        ErrorCode.ManifestUnknown.With($"manifest {reference} is not in repository {repository}");

    private async Task<Digest?> ResolveAsync(RepositoryName repository, Reference reference, CancellationToken cancellationToken) =>
        reference.Digest ?? await tags.ResolveAsync(repository, reference.Tag!, cancellationToken);

    private async Task<bool> DeleteManifestAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        await tags.DeleteAllAsync(repository, digest, cancellationToken);
        cache.Remove(repository, digest);
        return await manifests.DeleteAsync(repository, digest, cancellationToken);
    }
}
