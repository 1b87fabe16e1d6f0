using System.Security.Cryptography;
using System.Text;
using Registry.Core;

namespace Registry.Http.Tests.Infrastructure;

/// <summary>Random blobs and the manifests that reference them.</summary>
public static class TestContent
{
    public static byte[] RandomBytes(int length) => RandomNumberGenerator.GetBytes(length);

    public static string DigestOf(byte[] bytes) => Digest.Compute(bytes).ToString();

    public static string UniqueRepository(string prefix = "test") => $"{prefix}/{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static string Descriptor(string mediaType, byte[] content) =>
        $"{{\"mediaType\":\"{mediaType}\",\"digest\":\"{DigestOf(content)}\",\"size\":{content.Length}}}";

    public static string Descriptor(string mediaType, string digest, long size) =>
        $"{{\"mediaType\":\"{mediaType}\",\"digest\":\"{digest}\",\"size\":{size}}}";

    public static byte[] ImageManifest(byte[] config, byte[][] layers, string mediaType = MediaTypes.OciManifest, string? extra = null)
    {
        var layerType = mediaType == MediaTypes.DockerManifest
            ? "application/vnd.docker.image.rootfs.diff.tar.gzip"
            : "application/vnd.oci.image.layer.v1.tar+gzip";
        var configType = mediaType == MediaTypes.DockerManifest
            ? "application/vnd.docker.container.image.v1+json"
            : "application/vnd.oci.image.config.v1+json";
        var layerList = string.Join(",", layers.Select(layer => Descriptor(layerType, layer)));
        return Encoding.UTF8.GetBytes(
            $"{{\"schemaVersion\":2,\"mediaType\":\"{mediaType}\",\"config\":{Descriptor(configType, config)},\"layers\":[{layerList}]{extra}}}");
    }

    public static byte[] Index(IEnumerable<(string Digest, long Size)> manifests, string mediaType = MediaTypes.OciIndex)
    {
        var childType = mediaType == MediaTypes.DockerManifestList ? MediaTypes.DockerManifest : MediaTypes.OciManifest;
        var list = string.Join(",", manifests.Select((m, i) =>
            $"{{\"mediaType\":\"{childType}\",\"digest\":\"{m.Digest}\",\"size\":{m.Size},\"platform\":{{\"os\":\"linux\",\"architecture\":\"{(i == 0 ? "amd64" : "arm64")}\"}}}}"));
        return Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"mediaType\":\"{mediaType}\",\"manifests\":[{list}]}}");
    }
}
