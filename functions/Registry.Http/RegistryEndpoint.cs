using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Registry.Core.Errors;
using Registry.Http.Access;
using Registry.Http.Handlers;
using Registry.Http.Responses;
using Registry.Http.Routing;

namespace Registry.Http;

/// <summary>
/// The whole <c>/v2/</c> API as one request delegate, shared by the Functions app and the plain
/// ASP.NET Core host: parse the path, check access, dispatch to the handler for the verb.
/// </summary>
public sealed partial class RegistryEndpoint(
    IAccessGate gate,
    BlobHandler blobHandler,
    UploadHandler uploadHandler,
    ManifestHandler manifestHandler,
    TagsHandler tagsHandler,
    CatalogHandler catalogHandler,
    ReferrersHandler referrersHandler,
    ILogger<RegistryEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        context.Response.Headers[RegistryHeaders.ApiVersion] = RegistryHeaders.ApiVersionValue;
        try
        {
            var matched = RouteMatcher.Match(context.Request.Path.Value ?? string.Empty);
            if (matched.Value is not { } route)
            {
                await ErrorWriter.WriteAsync(context, matched.Error!);
                return;
            }

            var denied = await gate.CheckAsync(context, AccessRequirements.For(route, context.Request.Method));
            if (denied is not null)
            {
                await ErrorWriter.WriteAsync(context, denied);
                return;
            }

            await DispatchAsync(context, route);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing was made visible and there is no one to answer.
        }
        catch (BadHttpRequestException e)
        {
            // A malformed or truncated body: the client's mistake, and nothing staged is recorded.
            await WriteIfPossible(context, ErrorCode.BlobUploadInvalid.With(e.Message, "the request body could not be read"));
        }
        catch (Exception e)
        {
            LogUnexpected(logger, e, context.Request.Method, context.Request.Path);
            await WriteIfPossible(context, ErrorCode.Unknown.With());
        }
    }

    private Task DispatchAsync(HttpContext context, RegistryRoute route)
    {
        var method = context.Request.Method;
        var repository = route.Repository!;
        var argument = route.Argument!;
        return (route.Kind, method) switch
        {
            (RouteKind.Base, "GET" or "HEAD") => BaseHandler.CheckVersion(context),
            (RouteKind.Catalog, "GET") => catalogHandler.ListRepositories(context),
            (RouteKind.Tags, "GET") => tagsHandler.ListTags(context, repository),
            (RouteKind.Manifest, "GET" or "HEAD") => manifestHandler.GetManifest(context, repository, argument),
            (RouteKind.Manifest, "PUT") => manifestHandler.PutManifest(context, repository, argument),
            (RouteKind.Manifest, "DELETE") => manifestHandler.DeleteManifest(context, repository, argument),
            (RouteKind.Blob, "GET" or "HEAD") => blobHandler.GetBlob(context, repository, argument),
            (RouteKind.Blob, "DELETE") => blobHandler.DeleteBlob(context, repository, argument),
            (RouteKind.UploadStart, "POST") => uploadHandler.StartUpload(context, repository),
            (RouteKind.Upload, "GET") => uploadHandler.GetUploadStatus(context, repository, argument),
            (RouteKind.Upload, "PATCH") => uploadHandler.PatchUpload(context, repository, argument),
            (RouteKind.Upload, "PUT") => uploadHandler.CompleteUpload(context, repository, argument),
            (RouteKind.Upload, "DELETE") => uploadHandler.CancelUpload(context, repository, argument),
            (RouteKind.Referrers, "GET") => referrersHandler.ListReferrers(context, repository, argument),
            _ => ErrorWriter.WriteAsync(context, ErrorCode.Unsupported.With($"{method} is not supported on {route.Kind}")),
        };
    }

    private static Task WriteIfPossible(HttpContext context, RegistryError error) =>
        context.Response.HasStarted ? Task.CompletedTask : ErrorWriter.WriteAsync(context, error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
