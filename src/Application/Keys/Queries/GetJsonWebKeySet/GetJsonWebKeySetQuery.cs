using CleanProxy.Application.Common.Interfaces;
using Mediator;

namespace CleanProxy.Application.Keys.Queries.GetJsonWebKeySet;

/// <summary>The public signing keys as JWK JSON objects, for the JWKS document (RFC 7517 §5).</summary>
public sealed record GetJsonWebKeySetQuery : IQuery<IReadOnlyList<string>>;

public sealed class GetJsonWebKeySetQueryHandler(ISigningKeySet keys) : IQueryHandler<GetJsonWebKeySetQuery, IReadOnlyList<string>>
{
    public async ValueTask<IReadOnlyList<string>> Handle(GetJsonWebKeySetQuery query, CancellationToken cancellationToken)
        => await keys.GetPublicJwksAsync(cancellationToken);
}
