namespace Registry.Core.Errors;

/// <summary>
/// An error as data: what goes into one entry of <c>{"errors":[...]}</c>.
/// Registry operations return these instead of throwing.
/// </summary>
public sealed record RegistryError(ErrorCode Code, string Message, string? Detail)
{
    public override string ToString() => $"{Code.Code}: {Message}{(Detail is null ? string.Empty : $" ({Detail})")}";
}
