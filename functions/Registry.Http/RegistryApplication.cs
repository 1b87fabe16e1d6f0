using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Registry.Http;
using Registry.Http.Auth;
using Registry.Http.Routing;

namespace Microsoft.AspNetCore.Builder;

public static class RegistryApplication
{
    /// <summary>
    /// Serves <c>/v2/...</c> with <see cref="RegistryEndpoint"/> and, when authentication is registered,
    /// <c>/token</c> with <see cref="TokenHandler"/>: the routing of every plain ASP.NET Core host.
    /// (The Functions app routes the same two with its own triggers.)
    /// </summary>
    public static IApplicationBuilder UseRegistry(this IApplicationBuilder app)
    {
        var endpoint = app.ApplicationServices.GetRequiredService<RegistryEndpoint>();
        app.MapWhen(context => context.Request.Path.StartsWithSegments(RouteMatcher.Prefix), v2 => v2.Run(endpoint.HandleAsync));
        if (app.ApplicationServices.GetService<TokenHandler>() is { } tokens)
        {
            app.MapWhen(context => context.Request.Path.Equals(ServiceEndpoint.TokenPath, StringComparison.Ordinal), token => token.Run(tokens.IssueToken));
        }

        return app;
    }
}
