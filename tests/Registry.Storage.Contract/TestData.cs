using System.Text.Json;
using Registry.Core;
using Registry.Core.Manifests;

namespace Registry.Storage.Contract;

/// <summary>Random content, names and real manifests for the contract suites.</summary>
public static class TestData
{
    public const int MiB = 1024 * 1024;

    /// <summary>A lower-case name component no other test uses.</summary>
    public static string UniquePrefix() => "c" + Guid.NewGuid().ToString("N")[..16];

    public static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static Digest RandomDigest() => Digest.Compute(RandomBytes(32));

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }

    /// <summary>Asserts equal bytes without printing megabytes on failure.</summary>
    public static void AssertSameBytes(ReadOnlyMemory<byte> expected, byte[]? actual)
    {
        Assert.NotNull(actual);
        AssertSameBytes(expected, actual.AsMemory());
    }

    /// <inheritdoc cref="AssertSameBytes(ReadOnlyMemory{byte}, byte[])"/>
    public static void AssertSameBytes(ReadOnlyMemory<byte> expected, ReadOnlyMemory<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var differ = expected.Span.CommonPrefixLength(actual.Span);
        Assert.True(differ == expected.Length, $"bytes differ from offset {differ}");
    }

    /// <summary>
    /// A real OCI image manifest (random config and layer digests), padded with trailing JSON
    /// whitespace to exactly <paramref name="size"/> bytes when given.
    /// </summary>
    public static StoredManifest Manifest(
        int size = 0, Digest? subject = null, string? artifactType = null, IReadOnlyDictionary<string, string>? annotations = null)
    {
        // Every layer descriptor has the same length, so the layer count that fits is exact.
        var one = Write(1, subject, artifactType, annotations).Length;
        var perLayer = Write(2, subject, artifactType, annotations).Length - one;
        var layers = size >= one ? 1 + ((size - one) / perLayer) : 0;

        var json = Write(layers, subject, artifactType, annotations);
        if (size > 0 && json.Length > size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"a manifest with these fields needs {json.Length} bytes");
        }

        var content = size > json.Length ? [.. json, .. Enumerable.Repeat((byte)' ', size - json.Length)] : json;
        return ManifestParser.Parse(content, null).Value?.ToStored()
            ?? throw new InvalidOperationException("the test manifest does not parse");
    }

    /// <summary>Annotations whose JSON is about <paramref name="length"/> characters.</summary>
    public static Dictionary<string, string> Annotations(int length) => new(StringComparer.Ordinal)
    {
        ["org.opencontainers.image.created"] = "2024-01-01T00:00:00Z",
        ["org.example.filler"] = new string('x', length),
        ["org.example.unicode"] = "ünïcødé ✓",
    };

    private static byte[] Write(int layers, Digest? subject, string? artifactType, IReadOnlyDictionary<string, string>? annotations)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", 2);
            json.WriteString("mediaType", MediaTypes.OciManifest);
            if (artifactType is not null)
            {
                json.WriteString("artifactType", artifactType);
            }

            json.WritePropertyName("config");
            WriteDescriptor(json, "application/vnd.oci.image.config.v1+json", RandomDigest(), 2);
            json.WriteStartArray("layers");
            for (var i = 0; i < layers; i++)
            {
                WriteDescriptor(json, "application/vnd.oci.image.layer.v1.tar+gzip", RandomDigest(), 1000);
            }

            json.WriteEndArray();
            if (subject is { } subjectDigest)
            {
                json.WritePropertyName("subject");
                WriteDescriptor(json, MediaTypes.OciManifest, subjectDigest, 123);
            }

            if (annotations is not null)
            {
                json.WriteStartObject("annotations");
                foreach (var (key, value) in annotations)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteDescriptor(Utf8JsonWriter json, string mediaType, Digest digest, long size)
    {
        json.WriteStartObject();
        json.WriteString("mediaType", mediaType);
        json.WriteString("digest", digest.ToString());
        json.WriteNumber("size", size);
        json.WriteEndObject();
    }
}
