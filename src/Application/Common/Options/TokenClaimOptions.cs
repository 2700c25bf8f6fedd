namespace CleanProxy.Application.Common.Options;

/// <summary>
/// One claim of the proxy's access tokens taken from the upstream identity (<c>CleanProxy:Auth:TokenClaims:&lt;name&gt;</c>):
/// a path into the upstream claims (<see cref="From"/>) or a constant (<see cref="Value"/>), with an optional
/// <see cref="Default"/> when the path finds nothing. Documented in docs/configuration.md.
/// </summary>
public sealed class TokenClaimOptions
{
    /// <summary>
    /// A path into the upstream claims (id_token and userinfo merged): <c>employee_number</c>, <c>address.country</c>,
    /// or <c>groups[].name</c> (<c>[]</c> walks every element of an array; the claim is then an array).
    /// </summary>
    public string? From { get; set; }

    /// <summary>A constant value, e.g. a tenant name.</summary>
    public string? Value { get; set; }

    /// <summary>The value when <see cref="From"/> finds nothing; without it the claim is left out.</summary>
    public string? Default { get; set; }
}
