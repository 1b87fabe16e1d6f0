using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Registry.Storage.Azure;

/// <summary>
/// The container and tables of <see cref="StorageLayout"/> in one storage account, shared by every
/// Azure port. <see cref="EnsureCreatedAsync"/> creates what is missing (once per process).
/// </summary>
public sealed class AzureStorageAccount
{
    private readonly Lock gate = new();
    private Task? created;

    public AzureStorageAccount(BlobServiceClient blobService, TableServiceClient tableService)
    {
        ArgumentNullException.ThrowIfNull(blobService);
        ArgumentNullException.ThrowIfNull(tableService);
        BlobService = blobService;
        Container = blobService.GetBlobContainerClient(StorageLayout.ContainerName);
        TableService = tableService;
        BlobIndex = tableService.GetTableClient(StorageLayout.Tables.Blobs);
        RepositoryBlobs = tableService.GetTableClient(StorageLayout.Tables.RepositoryBlobs);
        Uploads = tableService.GetTableClient(StorageLayout.Tables.Uploads);
        Manifests = tableService.GetTableClient(StorageLayout.Tables.Manifests);
        Referrers = tableService.GetTableClient(StorageLayout.Tables.Referrers);
        Tags = tableService.GetTableClient(StorageLayout.Tables.Tags);
        Repositories = tableService.GetTableClient(StorageLayout.Tables.Repositories);
        Credentials = tableService.GetTableClient(StorageLayout.Tables.Credentials);
    }

    /// <summary>The account's blob service (user delegation keys are asked for here).</summary>
    public BlobServiceClient BlobService { get; }

    public BlobContainerClient Container { get; }

    public TableServiceClient TableService { get; }

    /// <summary>The <c>blobs</c> table: digest -> blob name.</summary>
    public TableClient BlobIndex { get; }

    public TableClient RepositoryBlobs { get; }

    public TableClient Uploads { get; }

    public TableClient Manifests { get; }

    public TableClient Referrers { get; }

    public TableClient Tags { get; }

    public TableClient Repositories { get; }

    public TableClient Credentials { get; }

    /// <summary>Creates the container and tables if missing; runs once per process unless it failed.</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        Task task;
        lock (gate)
        {
            if (created is null || created.IsFaulted || created.IsCanceled)
            {
                created = CreateAsync();
            }

            task = created;
        }

        return task.WaitAsync(cancellationToken);
    }

    private Task CreateAsync()
    {
        var tasks = new List<Task> { Container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None) };
        tasks.AddRange(StorageLayout.Tables.All.Select(table =>
            (Task)TableService.GetTableClient(table).CreateIfNotExistsAsync(CancellationToken.None)));
        return Task.WhenAll(tasks);
    }
}
