using System.Text;
using Registry.Core;
using Registry.Core.Manifests;

namespace Registry.Core.Tests.Manifests;

public sealed class ManifestParserTests
{
    private static readonly string Config = Digest.Compute([1]).ToString();
    private static readonly string Layer = Digest.Compute([2]).ToString();
    private static readonly string Foreign = Digest.Compute([3]).ToString();

    private static readonly string Image = $$"""
        {"schemaVersion":2,"mediaType":"{{MediaTypes.OciManifest}}",
         "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"{{Config}}","size":1},
         "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"{{Layer}}","size":1},
                   {"mediaType":"application/vnd.oci.image.layer.nondistributable.v1.tar","digest":"{{Foreign}}","size":1,"urls":["https://example.com/l"]}]}
        """;

    [Fact]
    public void Parse_ImageManifest_BlobsAreConfigAndDistributableLayers()
    {
        var parsed = Parse(Image, MediaTypes.OciManifest);
        Assert.Equal(MediaTypes.OciManifest, parsed.MediaType);
        Assert.Equal([Digest.Parse(Config), Digest.Parse(Layer)], parsed.Blobs);
        Assert.Empty(parsed.Manifests);
        Assert.Equal(Digest.Compute(Encoding.UTF8.GetBytes(Image)), parsed.Digest);
        Assert.Equal("application/vnd.oci.image.config.v1+json", parsed.ArtifactType);
    }

    [Fact]
    public void Parse_Index_ManifestsAreChildren()
    {
        var index = $$"""{"schemaVersion":2,"mediaType":"{{MediaTypes.OciIndex}}","manifests":[{"mediaType":"{{MediaTypes.OciManifest}}","digest":"{{Layer}}","size":9}]}""";
        var parsed = Parse(index, null);
        Assert.Equal([Digest.Parse(Layer)], parsed.Manifests);
        Assert.Empty(parsed.Blobs);
        Assert.Null(parsed.ArtifactType);
    }

    [Fact]
    public void Parse_Artifact_SubjectArtifactTypeAndAnnotations()
    {
        var artifact = Image.TrimEnd()[..^1]
            + ",\"artifactType\":\"application/vnd.example\""
            + $",\"subject\":{{\"mediaType\":\"{MediaTypes.OciManifest}\",\"digest\":\"{Foreign}\",\"size\":5}}"
            + ",\"annotations\":{\"k\":\"v\"}}";
        var parsed = Parse(artifact, MediaTypes.OciManifest);
        Assert.Equal(Digest.Parse(Foreign), parsed.Subject);
        Assert.Equal("application/vnd.example", parsed.ArtifactType);
        Assert.Equal("v", parsed.Annotations!["k"]);
    }

    [Fact]
    public void Parse_NoMediaTypeField_UsesContentTypeWithoutParameters()
    {
        var parsed = Parse(Image.Replace($"\"mediaType\":\"{MediaTypes.OciManifest}\",", string.Empty, StringComparison.Ordinal), MediaTypes.OciManifest + "; charset=utf-8");
        Assert.Equal(MediaTypes.OciManifest, parsed.MediaType);
    }

    [Theory]
    [InlineData("not json", null, "not valid JSON")]
    [InlineData("[]", null, "JSON object")]
    [InlineData("{\"schemaVersion\":2}", null, "no mediaType")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"text/plain\"}", null, "unsupported manifest media type")]
    [InlineData("{\"schemaVersion\":1,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[]}", null, "schemaVersion")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\"}", null, "'manifests' is required")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}", null, "config")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}", "application/vnd.oci.image.index.v1+json", "does not match")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:00\",\"size\":1}]}", null, "valid digest")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{\"mediaType\":\"x\",\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"size\":-1}]}", null, "valid size")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[],\"annotations\":{\"a\":1}}", null, "annotations")]
    public void Parse_Invalid_ManifestInvalidNamingTheRule(string json, string? contentType, string rule)
    {
        var result = ManifestParser.Parse(Encoding.UTF8.GetBytes(json), contentType);
        Assert.False(result.IsSuccess);
        Assert.Equal("MANIFEST_INVALID", result.Error!.Code.Code);
        Assert.Contains(rule, result.Error.Detail, StringComparison.Ordinal);
    }

    private static ParsedManifest Parse(string json, string? contentType)
    {
        var result = ManifestParser.Parse(Encoding.UTF8.GetBytes(json), contentType);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value!;
    }
}
