using Registry.Core;
using Registry.Core.Storage;

namespace Registry.Storage.Contract;

/// <summary>
/// Base of the contract suites: a fresh <see cref="StorageUnderTest"/> per test and helpers to push
/// blobs. Every test uses repository names with a random part, so suites may share one account.
/// </summary>
public abstract class StorageContract
{
    private StorageUnderTest? storage;

    /// <summary>The ports under test, created on first use.</summary>
    protected StorageUnderTest Storage => storage ??= CreateStorage();

    /// <summary>A fresh set of ports of the backend under test.</summary>
    protected abstract StorageUnderTest CreateStorage();

    /// <summary>A repository name no other test uses.</summary>
    protected static RepositoryName NewRepository(string suffix = "repo") =>
        RepositoryName.Parse($"{TestData.UniquePrefix()}/{suffix}");

    /// <summary>Uploads <paramref name="content"/> in the given pieces (one staged segment each) and publishes it.</summary>
    protected async Task<BlobInfo> PushBlobAsync(RepositoryName repository, byte[] content, params int[] pieces)
    {
        var session = await StageAsync(repository, content, pieces);
        return await PublishAsync(session, Digest.Compute(content));
    }

    /// <summary>Publishes a session that nothing else touched: that always succeeds.</summary>
    protected async Task<BlobInfo> PublishAsync(UploadSession session, Digest digest)
    {
        var blob = await Storage.Uploads.PublishAsync(session, digest, CancellationToken.None);
        Assert.NotNull(blob);
        return blob;
    }

    /// <summary>Starts an upload and stages and saves <paramref name="content"/> in the given pieces (default: one).</summary>
    protected async Task<UploadSession> StageAsync(RepositoryName repository, byte[] content, params int[] pieces)
    {
        var session = await Storage.Uploads.CreateAsync(repository, CancellationToken.None);
        return await AppendAsync(session, content, pieces);
    }

    /// <summary>Stages and saves <paramref name="content"/> as one segment per piece, as the upload rules do.</summary>
    protected async Task<UploadSession> AppendAsync(UploadSession session, byte[] content, params int[] pieces)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(content);
        var offset = 0;
        foreach (var length in pieces.Length == 0 ? [content.Length] : pieces)
        {
            using var body = new TrickleStream(content.AsMemory(offset, length));
            var segment = await Storage.Uploads.StageAsync(session, body, CancellationToken.None);
            Assert.Equal(length, segment.Length);
            offset += length;
            if (segment.Length == 0)
            {
                continue;
            }

            session = await Storage.Uploads.SaveAsync(
                session with { Offset = session.Offset + segment.Length, Segments = [.. session.Segments, segment] },
                CancellationToken.None) ?? throw new InvalidOperationException("save failed");
        }

        Assert.Equal(content.Length, offset);
        return session;
    }

    protected async Task<byte[]?> ReadBlobAsync(RepositoryName repository, Digest digest, long offset, long length)
    {
        var stream = await Storage.Blobs.OpenReadAsync(repository, digest, offset, length, CancellationToken.None);
        return stream is null ? null : await TestData.ReadAllAsync(stream);
    }
}
