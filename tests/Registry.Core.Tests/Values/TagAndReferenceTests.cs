using Registry.Core;

namespace Registry.Core.Tests.Values;

public sealed class TagAndReferenceTests
{
    [Theory]
    [InlineData("latest")]
    [InlineData("v1.0.0-rc_1")]
    [InlineData("_x")]
    [InlineData("A")]
    public void Tag_Valid(string value) => Assert.True(Tag.TryParse(value, out _, out _));

    [Theory]
    [InlineData("")]
    [InlineData("-x")]
    [InlineData(".x")]
    [InlineData("a/b")]
    [InlineData("a+b")]
    public void Tag_Invalid(string value) => Assert.False(Tag.TryParse(value, out _, out _));

    [Fact]
    public void Tag_LengthBoundary()
    {
        Assert.True(Tag.TryParse(new string('t', 128), out _, out _));
        Assert.False(Tag.TryParse(new string('t', 129), out _, out _));
    }

    [Fact]
    public void Reference_WithColon_IsDigest()
    {
        var digest = Digest.Compute([1]);
        Assert.True(Reference.TryParse(digest.ToString(), out var reference, out _));
        Assert.True(reference.IsDigest);
        Assert.Equal(digest, reference.Digest);
    }

    [Fact]
    public void Reference_WithoutColon_IsTag()
    {
        Assert.True(Reference.TryParse("v1", out var reference, out _));
        Assert.False(reference.IsDigest);
        Assert.Equal("v1", reference.Tag!.Value);
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("-tag")]
    public void Reference_Invalid(string value) => Assert.False(Reference.TryParse(value, out _, out _));

    [Fact]
    public void UploadId_OnlyLowerCaseGuidN()
    {
        var id = UploadId.New();
        Assert.True(UploadId.TryParse(id.Value, out var parsed));
        Assert.Equal(id, parsed);
        Assert.False(UploadId.TryParse(id.Value.ToUpperInvariant(), out _));
        Assert.False(UploadId.TryParse("../../etc", out _));
        Assert.False(UploadId.TryParse(Guid.NewGuid().ToString(), out _));
    }
}
