using System.Text;

namespace CleanProxy.Application.Tokens.Common;

/// <summary>A successful token response (RFC 6749 §5.1).</summary>
public sealed record TokenResponse(string AccessToken, string TokenType, int ExpiresIn, string? RefreshToken, string Scope)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("TokenType = ").Append(TokenType).Append(", ExpiresIn = ").Append(ExpiresIn)
            .Append(", Scope = ").Append(Scope).Append(", HasRefreshToken = ").Append(RefreshToken is not null);
        return true;
    }
}
