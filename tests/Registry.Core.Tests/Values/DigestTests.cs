using Registry.Core;

namespace Registry.Core.Tests.Values;

public sealed class DigestTests
{
    private const string Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [Fact]
    public void Compute_EmptyContent_KnownSha256()
    {
        Assert.Equal($"sha256:{Hex}", Digest.Compute([]).ToString());
    }

    [Fact]
    public void TryParse_Valid_RoundTrips()
    {
        Assert.True(Digest.TryParse($"sha256:{Hex}", out var digest, out _));
        Assert.Equal("sha256", digest.Algorithm);
        Assert.Equal(Hex, digest.Hex);
        Assert.Equal(Digest.Compute([]), digest);
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("sha256", "algorithm:encoded")]
    [InlineData("sha256:", "algorithm:encoded")]
    [InlineData(":abc", "algorithm:encoded")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported digest algorithm")]
    [InlineData("sha512:" + Hex + Hex, "unsupported digest algorithm")]
    [InlineData("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85", "64 hex characters")]
    [InlineData("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "lower-case hex")]
    [InlineData("sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "lower-case hex")]
    public void TryParse_Invalid_NamesTheRule(string? value, string rule)
    {
        Assert.False(Digest.TryParse(value, out _, out var reason));
        Assert.Contains(rule, reason, StringComparison.Ordinal);
    }
}
