using System.Text.RegularExpressions;
using Registry.Core;
using Registry.Core.Errors;

namespace Registry.Http.Routing;

/// <summary>
/// Parses a <c>/v2/...</c> path. Repository names contain '/', so each pattern is anchored at the
/// END of the path, where the resource words and the last argument are; what precedes them is the name.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#endpoints.
/// </summary>
public static partial class RouteMatcher
{
    public const string Prefix = "/v2";

    private static readonly (Regex Pattern, RouteKind Kind)[] Routes =
    [
        (TagsPattern(), RouteKind.Tags),
        (ManifestPattern(), RouteKind.Manifest),
        (UploadStartPattern(), RouteKind.UploadStart),
        (UploadPattern(), RouteKind.Upload),
        (BlobPattern(), RouteKind.Blob),
        (ReferrersPattern(), RouteKind.Referrers),
    ];

    /// <summary>Matches a request path; an error for unknown paths and invalid repository names.</summary>
    public static Result<RegistryRoute> Match(string path)
    {
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return NotFound(path);
        }

        var rest = path[Prefix.Length..];
        if (rest is "" or "/")
        {
            return new RegistryRoute(RouteKind.Base, null, null);
        }

        if (rest is "/_catalog")
        {
            return new RegistryRoute(RouteKind.Catalog, null, null);
        }

        foreach (var (pattern, kind) in Routes)
        {
            var match = pattern.Match(rest);
            if (!match.Success)
            {
                continue;
            }

            var name = match.Groups["name"].Value;
            if (!RepositoryName.TryParse(name, out var repository, out var reason))
            {
                return ErrorCode.NameInvalid.With(reason);
            }

            var argument = match.Groups["arg"].Success ? match.Groups["arg"].Value : null;
            return new RegistryRoute(kind, repository, argument);
        }

        return NotFound(path);
    }

    private static RegistryError NotFound(string path) => ErrorCode.NotFound.With($"no endpoint at {path}");

    [GeneratedRegex("^/(?<name>.+)/tags/list$", RegexOptions.CultureInvariant)]
    private static partial Regex TagsPattern();

    [GeneratedRegex("^/(?<name>.+)/manifests/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ManifestPattern();

    [GeneratedRegex("^/(?<name>.+)/blobs/uploads/?$", RegexOptions.CultureInvariant)]
    private static partial Regex UploadStartPattern();

    [GeneratedRegex("^/(?<name>.+)/blobs/uploads/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex UploadPattern();

    [GeneratedRegex("^/(?<name>.+)/blobs/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex BlobPattern();

    [GeneratedRegex("^/(?<name>.+)/referrers/(?<arg>[^/]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferrersPattern();
}
