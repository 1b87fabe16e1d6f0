using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Registry.Core.Storage;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>
/// The token signing key in the blob <c>auth/signing-key</c> (see <see cref="StorageLayout"/>):
/// created once by whichever instance needs it first, then read and cached by every process.
/// </summary>
public sealed class AzureSigningKeyStore(AzureStorageAccount storage) : ISigningKeyStore
{
    /// <summary>Shortest key accepted from storage (HMAC-SHA256 needs 32 bytes).</summary>
    internal const int MinimumKeySize = 32;

    private byte[]? key;

    /// <summary>A copy each time, so no caller can change the key for the others.</summary>
    public async Task<byte[]> GetOrCreateAsync(CancellationToken cancellationToken)
    {
        var cached = Volatile.Read(ref key);
        if (cached is null)
        {
            cached = await ReadOrCreateAsync(storage.Container.GetBlobClient(SigningKeyBlobName), cancellationToken);
            Volatile.Write(ref key, cached);
        }

        return cached.ToArray();
    }

    /// <summary>
    /// Reads the key in <paramref name="blob"/>; when there is none writes a new one, If-None-Match: *,
    /// so that of instances racing the first writer wins and the others read its key.
    /// </summary>
    internal static async Task<byte[]> ReadOrCreateAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        if (await ReadAsync(blob, cancellationToken) is { } stored)
        {
            return stored;
        }

        var created = RandomNumberGenerator.GetBytes(SigningKeySize);
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        try
        {
            await blob.UploadAsync(new BinaryData(created), options, cancellationToken);
            return created;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return await ReadAsync(blob, cancellationToken)
                ?? throw new InvalidOperationException($"{blob.Name} exists yet cannot be read", e);
        }
    }

    private static async Task<byte[]?> ReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
            return bytes.Length >= MinimumKeySize
                ? bytes
                : throw new InvalidDataException($"{blob.Name} holds {bytes.Length} bytes; a signing key has at least {MinimumKeySize}");
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
