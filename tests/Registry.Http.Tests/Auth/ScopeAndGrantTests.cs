using Registry.Core.Auth;
using Registry.Http.Auth;

namespace Registry.Http.Tests.Auth;

public sealed class ScopeAndGrantTests
{
    [Theory]
    [InlineData("repository:team/app:pull,push", "repository", "team/app", "pull,push")]
    [InlineData("repository:app:pull", "repository", "app", "pull")]
    [InlineData("registry:catalog:*", "registry", "catalog", "*")]
    [InlineData("repository(plugin):x:pull", "repository", "x", "pull")]
    public void AccessScope_Parses(string value, string type, string name, string actions)
    {
        Assert.True(AccessScope.TryParse(value, out var scope));
        Assert.Equal(type, scope.Type);
        Assert.Equal(name, scope.Name);
        Assert.Equal(actions.Split(','), scope.Actions);
        Assert.Equal(value.Replace("(plugin)", string.Empty, StringComparison.Ordinal), scope.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("repository")]
    [InlineData("repository:x")]
    [InlineData("repository::pull")]
    [InlineData(":x:pull")]
    [InlineData("repository:x:")]
    public void AccessScope_Invalid(string value) => Assert.False(AccessScope.TryParse(value, out _));

    [Fact]
    public void Decide_GrantsOnlyHeldActions_AndRecordsWhatWasRefused()
    {
        Assert.True(AccessRule.TryCreate("team/*", "pull", out var rule, out _));
        var identity = new RegistryIdentity.StoredCredential(new Credential("ci", "h", [rule], DateTimeOffset.UtcNow, null, null));
        Assert.True(AccessScope.TryParse("repository:team/app:pull,push", out var team));
        Assert.True(AccessScope.TryParse("repository:other/x:pull", out var other));
        Assert.True(AccessScope.TryParse("registry:catalog:*", out var catalog));

        var decision = identity.Decide([team, other, catalog]);

        Assert.Equal(["pull"], decision.Granted.Single().Actions);
        Assert.Equal("team/app", decision.Granted.Single().Name);
        Assert.Equal(["push"], decision.Denied.Single(s => s.Name == "team/app").Actions);
        Assert.Equal(["pull"], decision.Denied.Single(s => s.Name == "other/x").Actions);
        Assert.Equal(["*"], decision.Denied.Single(s => s.Type == "registry").Actions);
    }

    [Fact]
    public void Administrator_HoldsEverything_AnonymousOnlyPullOnPatterns()
    {
        var admin = new RegistryIdentity.Administrator("admin");
        Assert.True(admin.Allows("repository", "x/y", "delete"));
        Assert.True(admin.Allows("registry", "catalog", "*"));

        var anonymous = new RegistryIdentity.Anonymous(["public/*"]);
        Assert.True(anonymous.Allows("repository", "public/base", "pull"));
        Assert.False(anonymous.Allows("repository", "public/base", "push"));
        Assert.False(anonymous.Allows("repository", "private/base", "pull"));
        Assert.False(anonymous.Allows("registry", "catalog", "*"));
    }
}
