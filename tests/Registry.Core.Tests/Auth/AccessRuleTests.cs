using Registry.Core.Auth;

namespace Registry.Core.Tests.Auth;

public sealed class AccessRuleTests
{
    [Theory]
    [InlineData("*", "anything/at/all", true)]
    [InlineData("team/*", "team/app", true)]
    [InlineData("team/*", "team/a/b", true)]
    [InlineData("team/*", "team", false)]
    [InlineData("team/*", "teamx/app", false)]
    [InlineData("team/*", "other/team/app", false)]
    [InlineData("team/app", "team/app", true)]
    [InlineData("team/app", "team/app2", false)]
    [InlineData("*/base", "public/base", true)]
    [InlineData("a*b*c", "axxbyyc", true)]
    [InlineData("a*b*c", "axxbyy", false)]
    public void Glob_MatchesWithStarAcrossSlashes(string pattern, string value, bool expected) =>
        Assert.Equal(expected, Glob.IsMatch(pattern, value));

    [Fact]
    public void TryCreate_ParsesActions()
    {
        Assert.True(AccessRule.TryCreate("team/*", "pull, push,pull", out var rule, out _));
        Assert.Equal(["pull", "push"], rule.Actions);
        Assert.True(rule.Allows("team/app", "push"));
        Assert.False(rule.Allows("team/app", "delete"));
        Assert.False(rule.Allows("other/app", "pull"));
    }

    [Theory]
    [InlineData("", "pull", "pattern")]
    [InlineData("Team/*", "pull", "pattern")]
    [InlineData("team/?", "pull", "pattern")]
    [InlineData("team/*", "", "actions")]
    [InlineData("team/*", "pull,admin", "actions")]
    public void TryCreate_Invalid_NamesTheRule(string pattern, string actions, string rule)
    {
        Assert.False(AccessRule.TryCreate(pattern, actions, out _, out var reason));
        Assert.Contains(rule, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Credential_ActiveUnlessRevokedOrExpired()
    {
        var now = DateTimeOffset.UtcNow;
        var credential = new Credential("ci", "hash", [], now, now.AddDays(1), null);
        Assert.True(credential.IsActive(now));
        Assert.False(credential.IsActive(now.AddDays(2)));
        Assert.False((credential with { RevokedAt = now }).IsActive(now));
    }

    [Theory]
    [InlineData("ci", true)]
    [InlineData("CI-bot.v2_x", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("slash/name", false)]
    public void Credential_NameRule(string name, bool valid) => Assert.Equal(valid, Credential.IsValidName(name));
}
