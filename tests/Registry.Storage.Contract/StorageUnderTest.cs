using Registry.Core.Storage;

namespace Registry.Storage.Contract;

/// <summary>One backend's storage ports, sharing one store, as a contract suite exercises them.</summary>
/// <param name="NewSigningKeyStore">
/// A new <see cref="ISigningKeyStore"/> on the same store each call, with nothing cached: as a
/// separate process would have.
/// </param>
public sealed record StorageUnderTest(
    IBlobStore Blobs,
    IUploadStore Uploads,
    IManifestStore Manifests,
    ITagStore Tags,
    IRepositoryCatalog Catalog,
    ICredentialStore Credentials,
    Func<ISigningKeyStore> NewSigningKeyStore);
