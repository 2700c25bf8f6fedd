using System.Globalization;
using System.Threading.RateLimiting;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Options;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CleanProxy.WebApi.Http;

/// <summary>
/// Optional limit on dynamic client registrations per client IP address (<c>Registration:RateLimit</c>), so that one
/// address cannot fill the client table. Off by default. A refusal is a 429 with <c>Retry-After</c> and an OAuth error body.
/// </summary>
public static class RegistrationRateLimit
{
    public const string Policy = "Registration";

    public static IServiceCollection AddRegistrationRateLimit(this IServiceCollection services)
        => services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<CleanProxyOptions>>().Value.Registration.RateLimit;
                if (limit.PermitLimit <= 0)
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limit.PermitLimit,
                        Window = TimeSpan.FromSeconds(limit.WindowSeconds),
                        QueueLimit = 0,
                    });
            });

            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds))
                    : rejected.HttpContext.RequestServices.GetRequiredService<IOptions<CleanProxyOptions>>().Value.Registration.RateLimit.WindowSeconds;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                response.Headers.CacheControl = "no-store";
                await response.WriteAsJsonAsync(
                    new OAuthErrorBody(OAuthErrorCodes.TemporarilyUnavailable, $"Too many client registrations from this address; retry after {retryAfter} seconds."),
                    OAuthJson.Options,
                    cancellationToken);
            };
        });
}
