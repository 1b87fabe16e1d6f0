using Azure;
using Azure.Data.Tables;
using Registry.Core.Auth;
using Registry.Core.Storage;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>
/// Credentials as rows of the <c>credentials</c> table: PK "credential", RK name, whose ordinal
/// order is name order (see <see cref="StorageLayout"/>). Rows are never deleted.
/// </summary>
public sealed class AzureCredentialStore(AzureStorageAccount storage) : ICredentialStore
{
    private static readonly string[] RevokedAtColumn = [Properties.RevokedAt];

    /// <summary>Null for a name that cannot be a credential's (a username from a client may hold any character).</summary>
    public async Task<Credential?> GetAsync(string name, CancellationToken cancellationToken)
    {
        if (!Credential.IsValidName(name))
        {
            return null;
        }

        var found = await storage.Credentials.GetEntityIfExistsAsync<TableEntity>(CredentialsPartition, name, cancellationToken: cancellationToken);
        return found.HasValue ? CredentialEntity.ToCredential(found.Value!) : null;
    }

    public async Task<bool> AddAsync(Credential credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!Credential.IsValidName(credential.Name))
        {
            throw new ArgumentException($"'{credential.Name}' is not a credential name", nameof(credential));
        }

        try
        {
            await storage.Credentials.AddEntityAsync(CredentialEntity.From(credential), cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Credential>> ListAsync(CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {CredentialsPartition}");
        var credentials = new List<Credential>();
        await foreach (var entity in storage.Credentials.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            credentials.Add(CredentialEntity.ToCredential(entity));
        }

        return credentials;
    }

    /// <summary>
    /// Merges RevokedAt into the row unless it has one: revoking again keeps the first time, the
    /// record of when the credential stopped working. If-Match on the row read, so two revocations
    /// racing cannot overwrite each other.
    /// </summary>
    public async Task<bool> RevokeAsync(string name, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!Credential.IsValidName(name))
        {
            return false;
        }

        while (true)
        {
            var found = await storage.Credentials.GetEntityIfExistsAsync<TableEntity>(CredentialsPartition, name, RevokedAtColumn, cancellationToken);
            if (!found.HasValue)
            {
                return false;
            }

            if (found.Value!.GetDateTimeOffset(Properties.RevokedAt) is not null)
            {
                return true;
            }

            var revocation = new TableEntity(CredentialsPartition, name) { [Properties.RevokedAt] = at };
            try
            {
                await storage.Credentials.UpdateEntityAsync(revocation, found.Value.ETag, TableUpdateMode.Merge, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Changed (or gone) since the read: read again.
            }
        }
    }
}
