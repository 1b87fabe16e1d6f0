using System.Text;
using Registry.Core;
using Registry.Core.Storage;

namespace Registry.Storage.Azure.Tests;

/// <summary>Pins every name of <see cref="StorageLayout"/>: changing one orphans stored data.</summary>
public sealed class StorageLayoutTests
{
    private static readonly Digest Digest = Digest.Parse("sha256:" + new string('a', 64));

    [Fact]
    public void ContainerName_IsRegistry() => Assert.Equal("registry", StorageLayout.ContainerName);

    [Fact]
    public void TableNames_ArePinned() =>
        Assert.Equal(
            ["blobs", "repositoryblobs", "uploads", "manifests", "referrers", "tags", "repositories", "credentials"],
            StorageLayout.Tables.All);

    [Fact]
    public void TableNames_AreValidAzureTableNames() =>
        Assert.All(StorageLayout.Tables.All, name => Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,62}$", name));

    [Fact]
    public void UploadBlobName_IsBlobsSlashUploadId()
    {
        Assert.True(UploadId.TryParse("0123456789abcdef0123456789abcdef", out var id));

        Assert.Equal("blobs/0123456789abcdef0123456789abcdef", StorageLayout.UploadBlobName(id));
    }

    [Fact]
    public void SigningKeyBlob_IsAuthSlashSigningKeyOf64Bytes()
    {
        Assert.Equal("auth/signing-key", StorageLayout.SigningKeyBlobName);
        Assert.Equal(64, StorageLayout.SigningKeySize);
    }

    [Fact]
    public void ManifestBlobName_IsContentAddressed() =>
        Assert.Equal("manifests/sha256/" + new string('a', 64), StorageLayout.ManifestBlobName(Digest));

    [Theory]
    [InlineData("0123abcd", 0, "0123abcd00000000")]
    [InlineData("0123abcd", 1, "0123abcd00000001")]
    [InlineData("ffffffff", 99_999_999, "ffffffff99999999")]
    public void BlockId_IsBase64OfNonceAndIndex(string nonce, int index, string ascii)
    {
        var id = StorageLayout.BlockId(nonce, index);

        Assert.Equal(Convert.ToBase64String(Encoding.ASCII.GetBytes(ascii)), id);
        Assert.Equal(24, id.Length);
    }

    [Fact]
    public void BlockId_BadNonceOrIndex_Throws()
    {
        Assert.Throws<ArgumentException>(() => StorageLayout.BlockId("abc", 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => StorageLayout.BlockId("0123abcd", -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => StorageLayout.BlockId("0123abcd", 100_000_000));
    }

    [Fact]
    public void BlockIds_AllBlocksOfAllSegmentsInOrder()
    {
        UploadSegment[] segments = [new("aaaaaaaa", 2, 5), new("bbbbbbbb", 0, 0), new("cccccccc", 1, 1)];

        var ids = StorageLayout.BlockIds(segments).Select(id => Encoding.ASCII.GetString(Convert.FromBase64String(id)));

        Assert.Equal(["aaaaaaaa00000000", "aaaaaaaa00000001", "cccccccc00000000"], ids);
    }

    [Fact]
    public void Keys_ArePinned()
    {
        var repository = RepositoryName.Parse("library/ubuntu");

        Assert.Equal("sha256:" + new string('a', 64), StorageLayout.DigestKey(Digest));
        Assert.Equal("library!ubuntu|sha256:" + new string('a', 64), StorageLayout.ReferrersPartition(repository, Digest));
        Assert.Equal("catalog", StorageLayout.CatalogPartition);
        Assert.Equal("credential", StorageLayout.CredentialsPartition);
        Assert.Empty(StorageLayout.SingleRow);
    }

    [Fact]
    public void PropertyNames_ArePinned()
    {
        Assert.Equal("Content00", StorageLayout.ContentProperty(0));
        Assert.Equal("Content10", StorageLayout.ContentProperty(10));
        Assert.Equal("Segments00", StorageLayout.SegmentsProperty(0));
        Assert.Equal(
            ["BlobName", "Size", "Repository", "Offset", "HashState", "StartedAt", "MediaType", "Subject", "ArtifactType",
             "Annotations", "DescriptorInContent", "SpillBlob", "Digest", "Name",
             "SecretHash", "Rules", "CreatedAt", "ExpiresAt", "RevokedAt"],
            [StorageLayout.Properties.BlobName, StorageLayout.Properties.Size, StorageLayout.Properties.Repository,
             StorageLayout.Properties.Offset, StorageLayout.Properties.HashState, StorageLayout.Properties.StartedAt,
             StorageLayout.Properties.MediaType, StorageLayout.Properties.Subject, StorageLayout.Properties.ArtifactType,
             StorageLayout.Properties.Annotations, StorageLayout.Properties.DescriptorInContent, StorageLayout.Properties.SpillBlob,
             StorageLayout.Properties.Digest, StorageLayout.Properties.Name,
             StorageLayout.Properties.SecretHash, StorageLayout.Properties.Rules, StorageLayout.Properties.CreatedAt,
             StorageLayout.Properties.ExpiresAt, StorageLayout.Properties.RevokedAt]);
    }

    [Fact]
    public void Limits_ArePinned()
    {
        Assert.Equal(4 * 1024 * 1024, StorageLayout.BlockSize);
        Assert.Equal(64 * 1024, StorageLayout.ManifestChunkSize);
        Assert.Equal(11 * 64 * 1024, StorageLayout.MaxInlineManifestSize);
        Assert.Equal(1024, StorageLayout.MaxArtifactTypeLength);
        Assert.Equal(16 * 1024, StorageLayout.MaxAnnotationsLength);
    }

    [Fact]
    public void InlineManifestEntity_FitsTheEntityLimitAsBase64Json()
    {
        // Largest body: every chunk as base64 plus its "@odata.type" annotation, and the descriptor
        // strings at their limits with every character escaped twice over (JSON inside JSON).
        const int perChunk = (((StorageLayout.ManifestChunkSize + 2) / 3) * 4) + 64;
        const int descriptor = (2 * StorageLayout.MaxAnnotationsLength) + (6 * StorageLayout.MaxArtifactTypeLength);
        const int keysAndRest = 4096;

        Assert.True((StorageLayout.MaxManifestChunks * perChunk) + descriptor + keysAndRest < 1024 * 1024);
    }
}
