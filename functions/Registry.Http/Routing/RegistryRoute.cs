using Registry.Core;

namespace Registry.Http.Routing;

/// <summary>
/// A request path parsed into the spec's parts. <see cref="Argument"/> is the raw last segment
/// (reference, digest or upload id); each handler parses it into its value type.
/// </summary>
public sealed record RegistryRoute(RouteKind Kind, RepositoryName? Repository, string? Argument);
