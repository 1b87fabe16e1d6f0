using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Registry.Core.Auth;
using Registry.Core.Storage;
using Registry.Http.Tests.Infrastructure;

namespace Registry.Http.Tests.Auth;

/// <summary>
/// The endpoint with token authentication on (admin <c>admin</c>/<c>admin-secret</c>, anonymous pull
/// on <c>public/*</c>) over in-memory storage, plus helpers that speak the token flow.
/// </summary>
public abstract class AuthTestBase : IAsyncLifetime
{
    public const string AdminUser = "admin";
    public const string AdminPassword = "admin-secret";

    private RegistryServer? server;

    protected HttpClient Client => server!.Client;

    protected IServiceProvider Services => server!.Services;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Registry:Auth:AdminUser"] = AdminUser,
            ["Registry:Auth:AdminPassword"] = AdminPassword,
            ["Registry:Auth:AnonymousPull"] = "public/*",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        server = await RegistryServer.StartAsync(services =>
        {
            services.AddInMemoryRegistryStorage();
            services.AddRegistryAuth(configuration);
        });
    }

    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>Stores a credential with the given rules and returns its secret.</summary>
    protected async Task<string> AddCredentialAsync(string name, string pattern, string actions, DateTimeOffset? expires = null)
    {
        var secret = SecretHasher.NewSecret();
        Assert.True(AccessRule.TryCreate(pattern, actions, out var rule, out _));
        var credential = new Credential(name, SecretHasher.Hash(secret), [rule], DateTimeOffset.UtcNow, expires, null);
        Assert.True(await Services.GetRequiredService<ICredentialStore>().AddAsync(credential, CancellationToken.None));
        return secret;
    }

    /// <summary>docker's way: GET /token with Basic credentials and repeated scope parameters.</summary>
    protected async Task<HttpResponseMessage> GetTokenResponseAsync(string? user, string? password, params string[] scopes)
    {
        var query = string.Join('&', scopes.Select(s => $"scope={Uri.EscapeDataString(s)}").Prepend("service=localhost"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/token?{query}");
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return await Client.SendAsync(request);
    }

    protected async Task<string> GetTokenAsync(string? user, string? password, params string[] scopes)
    {
        using var response = await GetTokenResponseAsync(user, password, scopes);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>containerd's and the .NET SDK's way: the OAuth2 form POST.</summary>
    protected async Task<HttpResponseMessage> PostTokenAsync(IDictionary<string, string> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return await Client.PostAsync(new Uri("/token", UriKind.Relative), content);
    }

    protected async Task<HttpResponseMessage> SendWithTokenAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Pushes one blob into <paramref name="repository"/> as the administrator.</summary>
    protected async Task<string> SeedBlobAsync(string repository, byte[] blob)
    {
        var token = await GetTokenAsync(AdminUser, AdminPassword, $"repository:{repository}:pull,push");
        using var started = await SendWithTokenAsync(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/", token);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        using var completed = await SendWithTokenAsync(
            HttpMethod.Put, $"{started.Headers.Location!.OriginalString}?digest={TestContent.DigestOf(blob)}", token, new ByteArrayContent(blob));
        Assert.Equal(HttpStatusCode.Created, completed.StatusCode);
        return TestContent.DigestOf(blob);
    }
}
