using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Registry.Http.Access;
using Registry.Http.Auth;

namespace Microsoft.Extensions.DependencyInjection;

public static class RegistryAuthServices
{
    /// <summary>
    /// Token authentication from the <c>Registry:Auth</c> section: the token endpoint's services and,
    /// unless <c>Registry:Auth:Enabled</c> is false, the token gate in front of every operation.
    /// The storage backend provides <c>ICredentialStore</c> and <c>ISigningKeyStore</c>.
    /// </summary>
    public static IServiceCollection AddRegistryAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AuthOptions.Section);
        services.AddOptions<AuthOptions>().Bind(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ServiceEndpoint>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<TokenService>();
        services.AddSingleton<IdentityService>();
        services.AddSingleton<TokenHandler>();
        if (section.GetValue(nameof(AuthOptions.Enabled), true))
        {
            services.Replace(ServiceDescriptor.Singleton<IAccessGate, TokenAccessGate>());
        }

        return services;
    }
}
