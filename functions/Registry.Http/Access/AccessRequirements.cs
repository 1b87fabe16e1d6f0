using Registry.Http.Routing;

namespace Registry.Http.Access;

/// <summary>
/// The access each route and method needs: pull to read, push to write, delete to delete,
/// <c>registry:catalog:*</c> for the catalog. A mount's extra pull on its source is checked by
/// the upload handler, since without it the mount falls back to a normal upload.
/// </summary>
public static class AccessRequirements
{
    public static IReadOnlyList<AccessRequirement> For(RegistryRoute route, string method)
    {
        if (route.Kind == RouteKind.Base)
        {
            return [];
        }

        if (route.Kind == RouteKind.Catalog)
        {
            return [AccessRequirement.Catalog];
        }

        var action = method switch
        {
            "GET" or "HEAD" when route.Kind != RouteKind.Upload => RegistryAction.Pull,
            "DELETE" when route.Kind is RouteKind.Manifest or RouteKind.Blob => RegistryAction.Delete,
            _ => RegistryAction.Push,
        };
        return [AccessRequirement.Repository(route.Repository!, action)];
    }
}
