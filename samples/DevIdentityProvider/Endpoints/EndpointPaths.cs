namespace DevIdentityProvider.Endpoints;

internal static class EndpointPaths
{
    public const string Discovery = "/.well-known/openid-configuration";
    public const string Authorize = "/authorize";
    public const string Login = "/login";
    public const string Token = "/token";
    public const string UserInfo = "/userinfo";
    public const string Jwks = "/jwks";
    public const string Revoke = "/revoke";
    public const string DevStats = "/dev/stats";
}
