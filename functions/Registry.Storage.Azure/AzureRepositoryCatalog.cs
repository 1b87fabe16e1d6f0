using System.Collections.Concurrent;
using Azure.Data.Tables;
using Registry.Core;
using Registry.Core.Storage;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>
/// Repositories as rows of the <c>repositories</c> table: PK "catalog", RK repository key, whose
/// ordinal order is catalog order (see <see cref="TableKeys"/>).
/// </summary>
public sealed class AzureRepositoryCatalog(AzureStorageAccount storage) : IRepositoryCatalog
{
    /// <summary>Most names remembered as already added (rows are never deleted, so remembering is safe).</summary>
    private const int MaxRemembered = 10_000;

    private static readonly string[] KeyColumn = ["RowKey"];

    private readonly ConcurrentDictionary<string, bool> added = new(StringComparer.Ordinal);

    /// <summary>Upserts the row, once per repository per process: every blob and manifest push calls this.</summary>
    public async Task AddAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        if (added.ContainsKey(repository.Value))
        {
            return;
        }

        var entity = new TableEntity(CatalogPartition, TableKeys.FromRepository(repository)) { [Properties.Name] = repository.Value };
        await storage.Repositories.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        if (added.Count < MaxRemembered)
        {
            added.TryAdd(repository.Value, true);
        }
    }

    public async Task<bool> ExistsAsync(RepositoryName repository, CancellationToken cancellationToken)
    {
        var found = await storage.Repositories.GetEntityIfExistsAsync<TableEntity>(
            CatalogPartition, TableKeys.FromRepository(repository), KeyColumn, cancellationToken);
        return found.HasValue;
    }

    public async Task<Page<RepositoryName>> ListAsync(int limit, string? last, CancellationToken cancellationToken)
    {
        var (names, hasMore) = await TablePaging.ListAsync(
            storage.Repositories, CatalogPartition, last is null ? null : TableKeys.FromRepositoryName(last), limit,
            TableKeys.ToRepository, cancellationToken);
        return new Page<RepositoryName>(names, hasMore);
    }
}
