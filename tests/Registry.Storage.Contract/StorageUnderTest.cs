using Registry.Core.Storage;

namespace Registry.Storage.Contract;

/// <summary>One backend's five storage ports, sharing one store, as a contract suite exercises them.</summary>
public sealed record StorageUnderTest(
    IBlobStore Blobs,
    IUploadStore Uploads,
    IManifestStore Manifests,
    ITagStore Tags,
    IRepositoryCatalog Catalog);
