using Registry.Core;
using Registry.Core.Storage;
using static Registry.Storage.Contract.TestData;

namespace Registry.Storage.Contract;

/// <summary>What every <see cref="ITagStore"/> must do.</summary>
public abstract class TagStoreContract : StorageContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task UnknownTag_ResolveDeleteList_ReturnNothing()
    {
        var repository = NewRepository();

        Assert.Null(await Storage.Tags.ResolveAsync(repository, Tag.Parse("latest"), None));
        Assert.False(await Storage.Tags.DeleteAsync(repository, Tag.Parse("latest"), None));
        var page = await Storage.Tags.ListAsync(repository, 10, null, None);
        Assert.Empty(page.Items);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task SetAsync_ThenAgain_LastWriterWins()
    {
        var repository = NewRepository();
        var first = RandomDigest();
        var second = RandomDigest();

        await Storage.Tags.SetAsync(repository, Tag.Parse("v1"), first, None);
        Assert.Equal(first, await Storage.Tags.ResolveAsync(repository, Tag.Parse("v1"), None));
        await Storage.Tags.SetAsync(repository, Tag.Parse("v1"), second, None);

        Assert.Equal(second, await Storage.Tags.ResolveAsync(repository, Tag.Parse("v1"), None));
    }

    [Fact]
    public async Task SetAsync_SameTagInTwoRepositories_AreIndependent()
    {
        var first = NewRepository();
        var second = NewRepository();
        var one = RandomDigest();
        var two = RandomDigest();

        await Storage.Tags.SetAsync(first, Tag.Parse("latest"), one, None);
        await Storage.Tags.SetAsync(second, Tag.Parse("latest"), two, None);
        await Storage.Tags.DeleteAsync(second, Tag.Parse("latest"), None);

        Assert.Equal(one, await Storage.Tags.ResolveAsync(first, Tag.Parse("latest"), None));
        Assert.Null(await Storage.Tags.ResolveAsync(second, Tag.Parse("latest"), None));
    }

    [Fact]
    public async Task SetAsync_TagsDifferingInCase_AreDistinct()
    {
        var repository = NewRepository();
        var upper = RandomDigest();
        var lower = RandomDigest();

        await Storage.Tags.SetAsync(repository, Tag.Parse("Latest"), upper, None);
        await Storage.Tags.SetAsync(repository, Tag.Parse("latest"), lower, None);

        Assert.Equal(upper, await Storage.Tags.ResolveAsync(repository, Tag.Parse("Latest"), None));
        Assert.Equal(lower, await Storage.Tags.ResolveAsync(repository, Tag.Parse("latest"), None));
    }

    [Fact]
    public async Task DeleteAsync_OneTag_OthersStay()
    {
        var repository = NewRepository();
        var digest = RandomDigest();
        await Storage.Tags.SetAsync(repository, Tag.Parse("a"), digest, None);
        await Storage.Tags.SetAsync(repository, Tag.Parse("b"), digest, None);

        Assert.True(await Storage.Tags.DeleteAsync(repository, Tag.Parse("a"), None));

        Assert.Null(await Storage.Tags.ResolveAsync(repository, Tag.Parse("a"), None));
        Assert.Equal(digest, await Storage.Tags.ResolveAsync(repository, Tag.Parse("b"), None));
        Assert.False(await Storage.Tags.DeleteAsync(repository, Tag.Parse("a"), None));
    }

    [Fact]
    public async Task DeleteAllAsync_Digest_DeletesEveryTagOnItInThatRepositoryOnly()
    {
        var repository = NewRepository();
        var other = NewRepository();
        var doomed = RandomDigest();
        var kept = RandomDigest();
        foreach (var tag in new[] { "v1", "v1.0", "latest" })
        {
            await Storage.Tags.SetAsync(repository, Tag.Parse(tag), doomed, None);
        }

        await Storage.Tags.SetAsync(repository, Tag.Parse("v2"), kept, None);
        await Storage.Tags.SetAsync(other, Tag.Parse("v1"), doomed, None);

        await Storage.Tags.DeleteAllAsync(repository, doomed, None);

        var page = await Storage.Tags.ListAsync(repository, 10, null, None);
        Assert.Equal(["v2"], page.Items.Select(t => t.Value));
        Assert.Equal(doomed, await Storage.Tags.ResolveAsync(other, Tag.Parse("v1"), None));
    }

    [Fact]
    public async Task ListAsync_Paging_ReturnsTagsInOrdinalOrder()
    {
        var repository = NewRepository();
        string[] tags = ["v2", "latest", "v10", "A", "_x", "a-b", "a.b", "a_b", "B", "v1", "0"];
        foreach (var tag in tags)
        {
            await Storage.Tags.SetAsync(repository, Tag.Parse(tag), RandomDigest(), None);
        }

        var expected = tags.Order(StringComparer.Ordinal).ToList();
        var all = await Storage.Tags.ListAsync(repository, 100, null, None);
        var first = await Storage.Tags.ListAsync(repository, 4, null, None);
        var second = await Storage.Tags.ListAsync(repository, 4, first.Items[^1].Value, None);
        var last = await Storage.Tags.ListAsync(repository, 3, second.Items[^1].Value, None);
        var between = await Storage.Tags.ListAsync(repository, 2, "m", None);
        var beyond = await Storage.Tags.ListAsync(repository, 5, "zzz", None);

        Assert.Equal(expected, all.Items.Select(t => t.Value));
        Assert.False(all.HasMore);
        Assert.Equal(expected[..4], first.Items.Select(t => t.Value));
        Assert.True(first.HasMore);
        Assert.Equal(expected[4..8], second.Items.Select(t => t.Value));
        Assert.True(second.HasMore);
        Assert.Equal(expected[8..], last.Items.Select(t => t.Value));
        Assert.False(last.HasMore);
        Assert.Equal(["v1", "v10"], between.Items.Select(t => t.Value));
        Assert.True(between.HasMore);
        Assert.Empty(beyond.Items);
        Assert.False(beyond.HasMore);
    }
}
