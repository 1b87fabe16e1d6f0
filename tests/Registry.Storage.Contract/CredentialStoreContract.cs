using Registry.Core.Auth;
using Registry.Core.Storage;

namespace Registry.Storage.Contract;

/// <summary>
/// What every <see cref="ICredentialStore"/> must do. Credentials are global,
/// so each test uses names with its own random part and looks only at those.
/// </summary>
public abstract class CredentialStoreContract : StorageContract
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    [Fact]
    public async Task UnknownCredential_GetRevoke_ReturnNothing()
    {
        var name = NewName();

        Assert.Null(await Storage.Credentials.GetAsync(name, None));
        Assert.False(await Storage.Credentials.RevokeAsync(name, Created, None));
        Assert.DoesNotContain(await Storage.Credentials.ListAsync(None), c => c.Name == name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("team/ci")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    [InlineData("ci\u0001")]
    [InlineData("d\u00e9j\u00e0")]
    [InlineData("a b")]
    public async Task NameThatCannotExist_GetRevoke_ReturnNothing(string name)
    {
        Assert.Null(await Storage.Credentials.GetAsync(name, None));
        Assert.False(await Storage.Credentials.RevokeAsync(name, Created, None));
    }

    [Fact]
    public async Task NameTooLong_GetReturnsNullAndAddThrows()
    {
        var name = NewName() + new string('x', 64);

        Assert.Null(await Storage.Credentials.GetAsync(name, None));
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.Credentials.AddAsync(Credential(name), None));
    }

    [Fact]
    public async Task AddAsync_NewName_GetReturnsEveryField()
    {
        var secret = SecretHasher.NewSecret();
        var credential = Credential(NewName()) with
        {
            SecretHash = SecretHasher.Hash(secret),
            Rules = [new AccessRule("team/*", ["pull", "push"]), new AccessRule("base/alpine", ["pull"]), new AccessRule("*", ["delete"])],
            ExpiresAt = new DateTimeOffset(2027, 1, 31, 12, 0, 0, TimeSpan.FromHours(2)),
        };

        Assert.True(await Storage.Credentials.AddAsync(credential, None));
        var stored = await Storage.Credentials.GetAsync(credential.Name, None);

        AssertSameCredential(credential, stored);
        Assert.True(SecretHasher.Verify(secret, stored!.SecretHash));
        Assert.True(stored.Allows("team/app", "push"));
        Assert.False(stored.Allows("base/alpine", "push"));
    }

    [Fact]
    public async Task AddAsync_NoExpiry_GetReturnsNoExpiryOrRevocation()
    {
        var credential = Credential(NewName());

        await Storage.Credentials.AddAsync(credential, None);
        var stored = await Storage.Credentials.GetAsync(credential.Name, None);

        AssertSameCredential(credential, stored);
        Assert.Null(stored!.ExpiresAt);
        Assert.Null(stored.RevokedAt);
        Assert.True(stored.IsActive(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task AddAsync_TakenName_ReturnsFalseAndKeepsTheFirst()
    {
        var first = Credential(NewName());
        var second = first with { SecretHash = "other", Rules = [new AccessRule("*", ["pull", "push", "delete"])] };

        Assert.True(await Storage.Credentials.AddAsync(first, None));
        Assert.False(await Storage.Credentials.AddAsync(second, None));

        AssertSameCredential(first, await Storage.Credentials.GetAsync(first.Name, None));
    }

    [Fact]
    public async Task AddAsync_NamesDifferingInCase_AreDistinct()
    {
        var lower = Credential(NewName());
        var upper = Credential(lower.Name.ToUpperInvariant()) with { SecretHash = "upper" };

        Assert.True(await Storage.Credentials.AddAsync(lower, None));
        Assert.True(await Storage.Credentials.AddAsync(upper, None));

        Assert.Equal("hash", (await Storage.Credentials.GetAsync(lower.Name, None))!.SecretHash);
        Assert.Equal("upper", (await Storage.Credentials.GetAsync(upper.Name, None))!.SecretHash);
    }

    [Fact]
    public async Task ListAsync_AddedCredentials_ListsEveryOneInNameOrder()
    {
        var prefix = NewName();
        string[] names = [$"{prefix}-b", $"{prefix}.a", $"{prefix}_c", $"{prefix}-A", $"{prefix}9"];
        foreach (var name in names)
        {
            await Storage.Credentials.AddAsync(Credential(name), None);
        }

        await Storage.Credentials.RevokeAsync(names[0], Created.AddDays(1), None);
        var listed = await Storage.Credentials.ListAsync(None);

        var all = listed.Select(c => c.Name).ToList();
        Assert.Equal(all.Order(StringComparer.Ordinal), all);
        Assert.Equal(names.Order(StringComparer.Ordinal), all.Where(names.Contains));
        AssertSameCredential(Credential(names[1]), listed.Single(c => c.Name == names[1]));
        Assert.Equal(Created.AddDays(1), listed.Single(c => c.Name == names[0]).RevokedAt);
    }

    [Fact]
    public async Task RevokeAsync_ActiveCredential_SetsRevokedAtAndKeepsTheRest()
    {
        var credential = Credential(NewName()) with { ExpiresAt = Created.AddYears(1) };
        await Storage.Credentials.AddAsync(credential, None);
        var at = Created.AddHours(5);

        Assert.True(await Storage.Credentials.RevokeAsync(credential.Name, at, None));

        var stored = await Storage.Credentials.GetAsync(credential.Name, None);
        AssertSameCredential(credential with { RevokedAt = at }, stored);
        Assert.False(stored!.IsActive(Created.AddHours(6)));
    }

    [Fact]
    public async Task RevokeAsync_Twice_KeepsTheFirstTime()
    {
        var credential = Credential(NewName());
        await Storage.Credentials.AddAsync(credential, None);

        Assert.True(await Storage.Credentials.RevokeAsync(credential.Name, Created.AddDays(1), None));
        Assert.True(await Storage.Credentials.RevokeAsync(credential.Name, Created.AddDays(2), None));

        Assert.Equal(Created.AddDays(1), (await Storage.Credentials.GetAsync(credential.Name, None))!.RevokedAt);
    }

    /// <summary>A valid credential name no other test uses (mixed case, as names may be).</summary>
    protected static string NewName() => "Cred-" + Guid.NewGuid().ToString("N")[..16];

    private static Credential Credential(string name) =>
        new(name, "hash", [new AccessRule("team/*", ["pull"])], Created, null, null);

    private static void AssertSameCredential(Credential expected, Credential? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.SecretHash, actual.SecretHash);
        Assert.Equal(expected.Rules.Count, actual.Rules.Count);
        for (var i = 0; i < expected.Rules.Count; i++)
        {
            Assert.Equal(expected.Rules[i].RepositoryPattern, actual.Rules[i].RepositoryPattern);
            Assert.Equal(expected.Rules[i].Actions, actual.Rules[i].Actions);
        }

        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.RevokedAt, actual.RevokedAt);
    }
}
