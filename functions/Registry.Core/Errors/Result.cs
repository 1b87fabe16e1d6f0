namespace Registry.Core.Errors;

/// <summary>The outcome of a registry operation: a value or a <see cref="RegistryError"/>.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, RegistryError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public RegistryError? Error { get; }

    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    public static implicit operator Result<T>(RegistryError error) => new(default, error);
}
