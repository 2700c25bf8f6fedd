using System.Diagnostics.CodeAnalysis;

namespace CleanProxy.Application.Common.OAuth;

/// <summary>Lets generic pipeline behaviours turn an <see cref="OAuthError"/> into any use case's result type.</summary>
public interface IOAuthResult<TSelf>
    where TSelf : IOAuthResult<TSelf>
{
    static abstract TSelf FromError(OAuthError error);
}

/// <summary>Lets cross-cutting code read the error of any result without knowing its value type.</summary>
public interface IHasOAuthError
{
    OAuthError? Error { get; }
}

/// <summary>Either a value or an <see cref="OAuthError"/>: expected protocol outcomes are values, not exceptions.</summary>
public sealed class OAuthResult<T> : IOAuthResult<OAuthResult<T>>, IHasOAuthError
{
    private readonly T? _value;

    private OAuthResult(T? value, OAuthError? error)
    {
        _value = value;
        Error = error;
    }

    public OAuthError? Error { get; }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    public T Value => Succeeded ? _value! : throw new InvalidOperationException($"The result is an error ({Error.Code}).");

    public static OAuthResult<T> Success(T value) => new(value, null);

    public static OAuthResult<T> FromError(OAuthError error) => new(default, error);

    public static implicit operator OAuthResult<T>(T value) => Success(value);

    public static implicit operator OAuthResult<T>(OAuthError error) => FromError(error);
}
