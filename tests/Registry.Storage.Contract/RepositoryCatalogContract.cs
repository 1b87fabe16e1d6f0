using Registry.Core;
using Registry.Core.Storage;

namespace Registry.Storage.Contract;

/// <summary>
/// What every <see cref="IRepositoryCatalog"/> must do. The catalog is global, so each test adds
/// names under its own random prefix and looks only at those.
/// </summary>
public abstract class RepositoryCatalogContract : StorageContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task ExistsAsync_UnknownRepository_ReturnsFalse()
    {
        Assert.False(await Storage.Catalog.ExistsAsync(NewRepository(), None));
    }

    [Fact]
    public async Task AddAsync_Twice_ExistsAndIsListedOnce()
    {
        var prefix = TestData.UniquePrefix();
        var repository = RepositoryName.Parse($"{prefix}/app");

        await Storage.Catalog.AddAsync(repository, None);
        await Storage.Catalog.AddAsync(repository, None);

        Assert.True(await Storage.Catalog.ExistsAsync(repository, None));
        Assert.False(await Storage.Catalog.ExistsAsync(RepositoryName.Parse(prefix), None));
        var page = await Storage.Catalog.ListAsync(2, prefix, None);
        Assert.Equal(repository, page.Items[0]);
        Assert.True(page.Items.Count < 2 || page.Items[1] != repository);
    }

    [Fact]
    public async Task ListAsync_NamesWithSeparators_SortsPathSegmentsFirst()
    {
        var prefix = TestData.UniquePrefix();
        string[] expected = ["a", "a/b", "a/b/c", "a-b", "a.b", "a0", "a_b", "b"];
        foreach (var name in expected.Reverse())
        {
            await Storage.Catalog.AddAsync(RepositoryName.Parse($"{prefix}/{name}"), None);
        }

        var page = await Storage.Catalog.ListAsync(expected.Length, prefix, None);

        Assert.Equal(expected.Select(name => $"{prefix}/{name}"), page.Items.Select(r => r.Value));
    }

    [Fact]
    public async Task ListAsync_Paging_ContinuesAfterLast()
    {
        var prefix = TestData.UniquePrefix();
        string[] names = ["one", "three", "two", "two/x"];
        foreach (var name in names)
        {
            await Storage.Catalog.AddAsync(RepositoryName.Parse($"{prefix}/{name}"), None);
        }

        var first = await Storage.Catalog.ListAsync(2, prefix, None);
        var second = await Storage.Catalog.ListAsync(2, first.Items[^1].Value, None);
        var afterSlash = await Storage.Catalog.ListAsync(1, $"{prefix}/two", None);

        Assert.Equal([$"{prefix}/one", $"{prefix}/three"], first.Items.Select(r => r.Value));
        Assert.True(first.HasMore);
        Assert.Equal([$"{prefix}/two", $"{prefix}/two/x"], second.Items.Select(r => r.Value));
        Assert.Equal([$"{prefix}/two/x"], afterSlash.Items.Select(r => r.Value));
    }

    [Fact]
    public async Task ListAsync_FromTheStart_ListsInCatalogOrder()
    {
        await Storage.Catalog.AddAsync(NewRepository(), None);
        await Storage.Catalog.AddAsync(NewRepository(), None);

        var page = await Storage.Catalog.ListAsync(1000, null, None);

        Assert.True(page.Items.Count >= 2);
        Assert.Equal(page.Items.Order(), page.Items);
    }
}
