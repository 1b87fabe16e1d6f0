using Microsoft.AspNetCore.Http;
using Registry.Core.Errors;

namespace Registry.Http.Access;

/// <summary>
/// The check that sits in front of every operation. It sees the request and the accesses the
/// route needs, and either lets it through (null) or answers with UNAUTHORIZED / DENIED.
/// Token authentication plugs in here; the default lets everything through.
/// </summary>
public interface IAccessGate
{
    /// <param name="required">What the operation needs; empty for <c>GET /v2/</c>, which still needs a known caller when auth is on.</param>
    ValueTask<RegistryError?> CheckAsync(HttpContext context, IReadOnlyList<AccessRequirement> required);

    /// <summary>Whether the caller holds <paramref name="requirement"/>, without answering anything (for optional accesses such as a mount's source).</summary>
    ValueTask<bool> HasAsync(HttpContext context, AccessRequirement requirement);
}
