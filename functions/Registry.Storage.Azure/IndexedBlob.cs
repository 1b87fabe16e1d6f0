using Azure.Data.Tables;
using Registry.Core;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>
/// Where a digest's bytes live: a row of the <c>blobs</c> index or of <c>repositoryblobs</c>
/// (both carry BlobName and Size; see <see cref="StorageLayout"/>).
/// </summary>
internal sealed record IndexedBlob(string BlobName, long Size)
{
    /// <summary>The columns to select when reading one.</summary>
    public static IReadOnlyList<string> Columns { get; } = [Properties.BlobName, Properties.Size];

    public static IndexedBlob From(TableEntity entity) =>
        new(entity.GetString(Properties.BlobName) ?? throw new FormatException($"{entity.PartitionKey}/{entity.RowKey} has no BlobName"),
            entity.GetInt64(Properties.Size) ?? throw new FormatException($"{entity.PartitionKey}/{entity.RowKey} has no Size"));

    /// <summary>The row of the <c>blobs</c> index.</summary>
    public TableEntity ToEntity(Digest digest) => WithProperties(new TableEntity(DigestKey(digest), SingleRow));

    /// <summary>The row of <c>repositoryblobs</c> that makes <paramref name="repository"/> see the digest.</summary>
    public TableEntity ToLink(RepositoryName repository, Digest digest) =>
        WithProperties(new TableEntity(TableKeys.FromRepository(repository), DigestKey(digest)));

    private TableEntity WithProperties(TableEntity entity)
    {
        entity[Properties.BlobName] = BlobName;
        entity[Properties.Size] = Size;
        return entity;
    }
}
