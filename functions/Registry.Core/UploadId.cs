namespace Registry.Core;

/// <summary>An upload session's id: a GUID in its 32-hex "N" form, safe in URLs and storage keys.</summary>
public readonly record struct UploadId
{
    private UploadId(string value) => Value = value;

    public string Value { get; }

    public static UploadId New() => new(Guid.NewGuid().ToString("N"));

    public static bool TryParse(string? value, out UploadId id)
    {
        id = default;
        if (value is null || value.Length != 32 || !Guid.TryParseExact(value, "N", out _)
            || value.Any(char.IsUpper))
        {
            return false;
        }

        id = new UploadId(value);
        return true;
    }

    public override string ToString() => Value;
}
