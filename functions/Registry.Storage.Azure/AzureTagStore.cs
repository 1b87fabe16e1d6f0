using Azure;
using Azure.Data.Tables;
using Registry.Core;
using Registry.Core.Storage;
using Page = Registry.Core.Storage.Page<Registry.Core.Tag>;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>Tags as rows of the <c>tags</c> table: PK repository key, RK tag, Digest (see <see cref="StorageLayout"/>).</summary>
public sealed class AzureTagStore(AzureStorageAccount storage) : ITagStore
{
    private static readonly string[] DigestColumn = [Properties.Digest];

    public async Task<Digest?> ResolveAsync(RepositoryName repository, Tag tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var found = await storage.Tags.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.FromRepository(repository), tag.Value, DigestColumn, cancellationToken);
        return found.HasValue ? Digest.Parse(found.Value!.GetString(Properties.Digest)) : null;
    }

    public async Task SetAsync(RepositoryName repository, Tag tag, Digest digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var entity = new TableEntity(TableKeys.FromRepository(repository), tag.Value) { [Properties.Digest] = digest.ToString() };
        await storage.Tags.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> DeleteAsync(RepositoryName repository, Tag tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var response = await storage.Tags.DeleteEntityAsync(TableKeys.FromRepository(repository), tag.Value, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public async Task DeleteAllAsync(RepositoryName repository, Digest digest, CancellationToken cancellationToken)
    {
        var partition = TableKeys.FromRepository(repository);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Digest eq {digest.ToString()}");
        var tags = new List<string>();
        await foreach (var entity in storage.Tags.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            tags.Add(entity.RowKey);
        }

        foreach (var tag in tags)
        {
            await storage.Tags.DeleteEntityAsync(partition, tag, ETag.All, cancellationToken);
        }
    }

    public async Task<Page> ListAsync(RepositoryName repository, int limit, string? last, CancellationToken cancellationToken)
    {
        var (tags, hasMore) = await TablePaging.ListAsync(
            storage.Tags, TableKeys.FromRepository(repository), last, limit, Tag.Parse, cancellationToken);
        return new Page(tags, hasMore);
    }
}
