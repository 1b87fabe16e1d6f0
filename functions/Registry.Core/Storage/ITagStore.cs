namespace Registry.Core.Storage;

/// <summary>Tags of a repository, each pointing at one manifest digest.</summary>
public interface ITagStore
{
    Task<Digest?> ResolveAsync(RepositoryName repository, Tag tag, CancellationToken cancellationToken);

    /// <summary>Points the tag at the digest; the last writer wins.</summary>
    Task SetAsync(RepositoryName repository, Tag tag, Digest digest, CancellationToken cancellationToken);

    Task<bool> DeleteAsync(RepositoryName repository, Tag tag, CancellationToken cancellationToken);

    /// <summary>Deletes every tag that points at <paramref name="digest"/>.</summary>
    Task DeleteAllAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> tags after <paramref name="last"/>, in lexical order.</summary>
    Task<Page<Tag>> ListAsync(RepositoryName repository, int limit, string? last, CancellationToken cancellationToken);
}
