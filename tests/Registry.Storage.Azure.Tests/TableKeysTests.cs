using Registry.Core;
using Registry.Storage.Contract;

namespace Registry.Storage.Azure.Tests;

public sealed class TableKeysTests
{
    [Theory]
    [InlineData("a", "a")]
    [InlineData("library/ubuntu", "library!ubuntu")]
    [InlineData("a/b/c-d_e.f__g", "a!b!c-d_e.f__g")]
    [InlineData("a0", "a0")]
    public void FromRepository_ReplacesSlashWithBang(string name, string key) =>
        Assert.Equal(key, TableKeys.FromRepository(RepositoryName.Parse(name)));

    [Theory]
    [InlineData("a")]
    [InlineData("library/ubuntu")]
    [InlineData("x/y/z--w")]
    public void ToRepository_RoundTrips(string name)
    {
        var repository = RepositoryName.Parse(name);

        Assert.Equal(repository, TableKeys.ToRepository(TableKeys.FromRepository(repository)));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("UPPER")]
    [InlineData("")]
    public void ToRepository_NotAKey_Throws(string key) =>
        Assert.Throws<FormatException>(() => TableKeys.ToRepository(key));

    [Fact]
    public void FromRepository_MaxLengthName_IsAValidKeyUnderOneKiB()
    {
        var name = string.Join('/', Enumerable.Repeat("ab", 85));
        var repository = RepositoryName.Parse(name);

        var key = TableKeys.FromRepository(repository);

        Assert.Equal(RepositoryName.MaxLength - 1, name.Length);
        AssertValidKey(key);
        AssertValidKey(StorageLayout.ReferrersPartition(repository, TestData.RandomDigest()));
    }

    [Fact]
    public void Keys_OfEveryNameCharacter_ContainNoForbiddenCharacter()
    {
        var repository = RepositoryName.Parse("a0/b1.c2_d3__e4-f5--g6/h7");

        AssertValidKey(TableKeys.FromRepository(repository));
        AssertValidKey(StorageLayout.DigestKey(TestData.RandomDigest()));
        AssertValidKey(StorageLayout.ReferrersPartition(repository, TestData.RandomDigest()));
        AssertValidKey(Tag.Parse("A_b.c-9").Value);
    }

    [Fact]
    public void KeyOrder_EqualsCatalogOrder()
    {
        var names = new[] { "a", "a/b", "a/b/c", "a-b", "a--b", "a.b", "a0", "a_b", "a__b", "ab", "b", "a/c", "a/b-c", "a/b/c/d" }
            .Select(RepositoryName.Parse)
            .ToList();

        var byKey = names.OrderBy(TableKeys.FromRepository, StringComparer.Ordinal);
        var byCatalog = names.Order();

        Assert.Equal(byCatalog, byKey);
    }

    [Fact]
    public void FromRepositoryName_AnyLastParameter_ComparesLikeTheName()
    {
        var names = new[] { "a", "a/b", "a-b", "a0" }.Select(RepositoryName.Parse).ToList();

        foreach (var last in new[] { "a", "a/", "a/a", "a-", "a/b/c", "0", "zzz" })
        {
            var byKey = names.Where(n => string.CompareOrdinal(TableKeys.FromRepository(n), TableKeys.FromRepositoryName(last)) > 0);
            var byName = names.Where(n => RepositoryName.Compare(n.Value, last) > 0);
            Assert.Equal(byName, byKey);
        }
    }

    private static void AssertValidKey(string key)
    {
        Assert.True(key.Length * sizeof(char) <= 1024, $"key of {key.Length} characters exceeds 1 KiB");
        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
    }
}
