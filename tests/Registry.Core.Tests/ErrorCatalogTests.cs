using Registry.Core.Errors;

namespace Registry.Core.Tests;

public sealed class ErrorCatalogTests
{
    [Fact]
    public void Catalog_CodesAreSpecStyleAndStatusesAreErrors()
    {
        foreach (var code in ErrorCode.All)
        {
            Assert.Matches("^[A-Z_]+$", code.Code);
            Assert.InRange(code.Status, 400, 599);
            Assert.False(string.IsNullOrWhiteSpace(code.Message));
        }
    }

    [Theory]
    [InlineData("BLOB_UNKNOWN", 404)]
    [InlineData("BLOB_UPLOAD_INVALID", 400)]
    [InlineData("BLOB_UPLOAD_UNKNOWN", 404)]
    [InlineData("DIGEST_INVALID", 400)]
    [InlineData("MANIFEST_BLOB_UNKNOWN", 400)]
    [InlineData("MANIFEST_INVALID", 400)]
    [InlineData("MANIFEST_UNKNOWN", 404)]
    [InlineData("NAME_INVALID", 400)]
    [InlineData("NAME_UNKNOWN", 404)]
    [InlineData("UNAUTHORIZED", 401)]
    [InlineData("DENIED", 403)]
    [InlineData("TOOMANYREQUESTS", 429)]
    [InlineData("RANGE_INVALID", 416)]
    public void Catalog_SpecCodesHaveSpecStatus(string code, int status)
    {
        Assert.Contains(ErrorCode.All, e => e.Code == code && e.Status == status);
    }
}
