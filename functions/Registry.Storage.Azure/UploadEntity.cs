using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Registry.Core;
using Registry.Core.Storage;
using static Registry.Storage.Azure.StorageLayout;

namespace Registry.Storage.Azure;

/// <summary>An <see cref="UploadSession"/> as a row of the <c>uploads</c> table (see <see cref="StorageLayout"/>).</summary>
internal static class UploadEntity
{
    public static TableEntity From(UploadSession session)
    {
        var entity = new TableEntity(session.Id.Value, SingleRow)
        {
            [Properties.Repository] = session.Repository.Value,
            [Properties.Offset] = session.Offset,
            [Properties.StartedAt] = session.StartedAt,
        };
        if (session.HashState is { } state)
        {
            entity[Properties.HashState] = state;
        }

        var segments = EncodeSegments(session.Segments);
        for (int start = 0, index = 0; start < segments.Length; start += MaxSegmentsChunkLength, index++)
        {
            entity[SegmentsProperty(index)] = segments.Substring(start, Math.Min(MaxSegmentsChunkLength, segments.Length - start));
        }

        return entity;
    }

    public static UploadSession ToSession(TableEntity entity)
    {
        var segments = new StringBuilder();
        for (var index = 0; entity.GetString(SegmentsProperty(index)) is { } chunk; index++)
        {
            segments.Append(chunk);
        }

        return new UploadSession(
            ParseUploadId(entity.PartitionKey),
            RepositoryName.Parse(entity.GetString(Properties.Repository)),
            entity.GetInt64(Properties.Offset) ?? 0,
            DecodeSegments(segments.ToString()),
            entity.GetBinary(Properties.HashState),
            entity.GetDateTimeOffset(Properties.StartedAt) ?? DateTimeOffset.MinValue,
            entity.ETag.ToString());
    }

    public static ETag Version(UploadSession session) => new(session.Version);

    private static UploadId ParseUploadId(string value) =>
        UploadId.TryParse(value, out var id) ? id : throw new FormatException($"'{value}' in the uploads table is not an upload id");

    /// <summary><c>nonce:blocks:length;nonce:blocks:length</c>.</summary>
    private static string EncodeSegments(IReadOnlyList<UploadSegment> segments) =>
        string.Join(';', segments.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Nonce}:{s.Blocks}:{s.Length}")));

    private static List<UploadSegment> DecodeSegments(string value)
    {
        var segments = new List<UploadSegment>();
        foreach (var item in value.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 3)
            {
                throw new FormatException($"'{item}' in the uploads table is not nonce:blocks:length");
            }

            segments.Add(new UploadSegment(
                parts[0],
                int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture),
                long.Parse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture)));
        }

        return segments;
    }
}
