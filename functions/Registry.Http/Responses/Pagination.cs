using System.Globalization;
using Microsoft.AspNetCore.Http;
using Registry.Core.Errors;

namespace Registry.Http.Responses;

/// <summary>
/// The <c>n</c> and <c>last</c> query parameters and the <c>Link</c> header of paginated listings.
/// See https://github.com/opencontainers/distribution-spec/blob/main/spec.md#listing-tags.
/// </summary>
public static class Pagination
{
    /// <summary>Page size when the client gives no <c>n</c>; clients follow <c>Link</c> for more.</summary>
    public const int DefaultPageSize = 1000;

    public const int MaxPageSize = 10000;

    public static Result<(int Limit, string? Last)> Read(HttpRequest request)
    {
        var last = request.Query["last"].ToString();
        var n = request.Query["n"].ToString();
        var limit = DefaultPageSize;
        if (n.Length > 0 && (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit > MaxPageSize))
        {
            return ErrorCode.PaginationNumberInvalid.With($"n must be an integer from 0 to {MaxPageSize}");
        }

        return (limit, last.Length == 0 ? null : last);
    }

    /// <summary>Sets <c>Link: &lt;path?n=..&amp;last=..&gt;; rel="next"</c>.</summary>
    public static void SetNextLink(HttpResponse response, string path, int limit, string last) =>
        response.Headers.Link = $"<{path}?n={limit.ToString(CultureInfo.InvariantCulture)}&last={Uri.EscapeDataString(last)}>; rel=\"next\"";
}
