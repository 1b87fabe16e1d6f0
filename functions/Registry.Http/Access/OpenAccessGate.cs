using Microsoft.AspNetCore.Http;
using Registry.Core.Errors;

namespace Registry.Http.Access;

/// <summary>Lets every request through: the registry without authentication.</summary>
public sealed class OpenAccessGate : IAccessGate
{
    public ValueTask<RegistryError?> CheckAsync(HttpContext context, IReadOnlyList<AccessRequirement> required) => ValueTask.FromResult<RegistryError?>(null);

    public ValueTask<bool> HasAsync(HttpContext context, AccessRequirement requirement) => ValueTask.FromResult(true);
}
