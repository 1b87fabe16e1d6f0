using Registry.Core;

namespace Registry.Core.Tests.Values;

public sealed class RepositoryNameTests
{
    [Theory]
    [InlineData("app")]
    [InlineData("team/app")]
    [InlineData("a/b/c/d")]
    [InlineData("my-app.v2/sub_name")]
    [InlineData("a__b")]
    [InlineData("a---b")]
    [InlineData("0")]
    public void TryParse_Valid(string value)
    {
        Assert.True(RepositoryName.TryParse(value, out var name, out _));
        Assert.Equal(value, name.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("App")]
    [InlineData("team/")]
    [InlineData("/team")]
    [InlineData("team//app")]
    [InlineData("a..b")]
    [InlineData("..")]
    [InlineData("team/../app")]
    [InlineData("a___b")]
    [InlineData("-app")]
    [InlineData("app-")]
    [InlineData("team%2Fapp")]
    [InlineData("team app")]
    [InlineData("team:app")]
    public void TryParse_Invalid(string value)
    {
        Assert.False(RepositoryName.TryParse(value, out _, out var reason));
        Assert.NotNull(reason);
    }

    [Fact]
    public void TryParse_MaxLength_Boundary()
    {
        Assert.True(RepositoryName.TryParse(new string('a', 255), out _, out _));
        Assert.False(RepositoryName.TryParse(new string('a', 256), out _, out var reason));
        Assert.Contains("255", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_SortsPathSegmentBySegment()
    {
        var names = new[] { "a0", "a-b", "a/b", "a", "a.b", "b" }.Select(RepositoryName.Parse).Order().Select(n => n.Value);
        Assert.Equal(["a", "a/b", "a-b", "a.b", "a0", "b"], names);
    }
}
