namespace Registry.Http.Responses;

/// <summary>Header names of the distribution spec and Docker's registry API.</summary>
public static class RegistryHeaders
{
    public const string ApiVersion = "Docker-Distribution-API-Version";
    public const string ApiVersionValue = "registry/2.0";
    public const string ContentDigest = "Docker-Content-Digest";
    public const string UploadUuid = "Docker-Upload-UUID";
    public const string ChunkMinLength = "OCI-Chunk-Min-Length";
    public const string Subject = "OCI-Subject";
    public const string FiltersApplied = "OCI-Filters-Applied";
    public const string Range = "Range";
    public const string ContentRange = "Content-Range";
}
