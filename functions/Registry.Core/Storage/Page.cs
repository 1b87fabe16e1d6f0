namespace Registry.Core.Storage;

/// <summary>One page of a listing in lexical order; <see cref="HasMore"/> says a next page exists.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, bool HasMore);
