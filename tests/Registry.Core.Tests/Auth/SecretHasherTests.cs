using Registry.Core.Auth;

namespace Registry.Core.Tests.Auth;

public sealed class SecretHasherTests
{
    [Fact]
    public void Hash_IsSaltedPbkdf2AndVerifies()
    {
        var first = SecretHasher.Hash("s3cret");
        var second = SecretHasher.Hash("s3cret");

        Assert.StartsWith($"pbkdf2-sha256${SecretHasher.Iterations}$", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.DoesNotContain("s3cret", first, StringComparison.Ordinal);
        Assert.True(SecretHasher.Verify("s3cret", first));
        Assert.True(SecretHasher.Verify("s3cret", second));
        Assert.False(SecretHasher.Verify("s3cret!", first));
        Assert.False(SecretHasher.Verify(string.Empty, first));
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain")]
    [InlineData("md5$1$abc$def")]
    [InlineData("pbkdf2-sha256$x$abc$def")]
    [InlineData("pbkdf2-sha256$10$***$***")]
    public void Verify_MalformedStoredHash_False(string stored) => Assert.False(SecretHasher.Verify("anything", stored));

    [Fact]
    public void NewSecret_IsLongRandomAndUrlSafe()
    {
        var secret = SecretHasher.NewSecret();
        Assert.True(secret.Length >= 40);
        Assert.Matches("^[A-Za-z0-9_-]+$", secret);
        Assert.NotEqual(secret, SecretHasher.NewSecret());
    }
}
