using Microsoft.Extensions.Configuration;

namespace Registry.Storage.Azure;

/// <summary>
/// The storage connection, read from the Functions setting <c>AzureWebJobsStorage</c>: either a
/// connection string, or identity-based <c>AzureWebJobsStorage__blobServiceUri</c> and
/// <c>AzureWebJobsStorage__tableServiceUri</c> (or <c>__accountName</c>), optionally with
/// <c>__credential=managedidentity</c> and <c>__clientId</c>.
/// See https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity.
/// </summary>
public sealed record AzureStorageSettings(string? ConnectionString, Uri? BlobServiceUri, Uri? TableServiceUri)
{
    /// <summary>The configuration section (and connection-string setting) the hosts share.</summary>
    public const string SectionName = "AzureWebJobsStorage";

    /// <summary>Reads the settings; throws <see cref="InvalidOperationException"/> naming what is missing.</summary>
    public static AzureStorageSettings Read(IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new AzureStorageSettings(section.Value, null, null);
        }

        var account = section["accountName"];
        var blob = section["blobServiceUri"] ?? (account is null ? null : $"https://{account}.blob.core.windows.net");
        var table = section["tableServiceUri"] ?? (account is null ? null : $"https://{account}.table.core.windows.net");
        if (blob is null || table is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set {SectionName} to a connection string (UseDevelopmentStorage=true for Azurite), " +
                $"or set {SectionName}__blobServiceUri and {SectionName}__tableServiceUri (or {SectionName}__accountName) " +
                $"for identity-based access.");
        }

        return new AzureStorageSettings(null, new Uri(blob), new Uri(table));
    }
}
