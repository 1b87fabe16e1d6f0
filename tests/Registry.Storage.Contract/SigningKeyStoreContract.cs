using Registry.Core.Storage;

namespace Registry.Storage.Contract;

/// <summary>
/// What every <see cref="ISigningKeyStore"/> must do: one key per store,
/// whichever instance asks, the same on every call.
/// </summary>
public abstract class SigningKeyStoreContract : StorageContract
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task GetOrCreateAsync_Twice_ReturnsTheSameKeyOfAtLeast32Bytes()
    {
        var store = Storage.NewSigningKeyStore();

        var first = await store.GetOrCreateAsync(None);
        var second = await store.GetOrCreateAsync(None);

        Assert.True(first.Length >= 32, $"the key has {first.Length} bytes");
        Assert.Equal(first, second);
        Assert.Contains(first, b => b != 0);
    }

    [Fact]
    public async Task GetOrCreateAsync_TwoStoresOnTheSameStorage_ReturnTheSameKey()
    {
        var first = await Storage.NewSigningKeyStore().GetOrCreateAsync(None);
        var second = await Storage.NewSigningKeyStore().GetOrCreateAsync(None);

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task GetOrCreateAsync_ManyStoresAtOnce_AllReturnTheSameKey()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Storage.NewSigningKeyStore().GetOrCreateAsync(None)));

        Assert.All(keys, key => Assert.Equal(keys[0], key));
    }

    [Fact]
    public async Task GetOrCreateAsync_CallerChangesTheReturnedBytes_KeyStaysTheSame()
    {
        var store = Storage.NewSigningKeyStore();
        var key = await store.GetOrCreateAsync(None);
        var original = key.ToArray();

        Array.Clear(key);

        Assert.Equal(original, await store.GetOrCreateAsync(None));
        Assert.Equal(original, await Storage.NewSigningKeyStore().GetOrCreateAsync(None));
    }
}
