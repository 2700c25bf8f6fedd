using System.Net;
using CleanProxy.Application.Common.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace CleanProxy.Infrastructure.Upstream;

/// <summary>
/// How the proxy calls its IdP (token endpoint, userinfo): a timeout per attempt (<c>Auth:Remote:TimeoutSeconds</c>)
/// and overall, retries only for idempotent requests (GET userinfo — never the code exchange or a refresh, whose
/// codes and tokens are single-use), and a circuit breaker (<c>Auth:Remote:CircuitBreaker</c>) so an IdP that is down is not hammered. Every failure here
/// surfaces as an exception Duende.IdentityModel turns into an error response, which the adapter reports as
/// temporarily_unavailable.
/// </summary>
internal static class UpstreamHttpResilience
{
    public static IHttpClientBuilder AddUpstreamResilience(this IHttpClientBuilder builder)
    {
        builder.ConfigureHttpClient((provider, http) =>
        {
            var remote = provider.GetRequiredService<IOptions<CleanProxyOptions>>().Value.Auth.Remote;

            // The pipeline's timeouts decide; this one only backs them up. (HttpClient's own timeout would surface as
            // a cancellation, which is not an error response.)
            http.Timeout = OverallTimeout(remote) + TimeSpan.FromSeconds(5);
            http.MaxResponseContentBufferSize = 1024 * 1024;
        });

        builder.AddResilienceHandler("upstream-idp", (pipeline, context) =>
        {
            var remote = context.ServiceProvider.GetRequiredService<IOptions<CleanProxyOptions>>().Value.Auth.Remote;

            // Network timeouts and break durations are elapsed time, not the clock tokens are judged by (which tests fake).
            pipeline.TimeProvider = TimeProvider.System;
            pipeline.AddTimeout(OverallTimeout(remote));

            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            };
            retry.DisableForUnsafeHttpMethods();
            pipeline.AddRetry(retry);

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = remote.CircuitBreaker.FailureRatio,
                MinimumThroughput = remote.CircuitBreaker.MinimumThroughput,
                SamplingDuration = TimeSpan.FromSeconds(remote.CircuitBreaker.SamplingDurationSeconds),
                BreakDuration = TimeSpan.FromSeconds(remote.CircuitBreaker.BreakDurationSeconds),
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is not null
                    || args.Outcome.Result?.StatusCode is >= HttpStatusCode.InternalServerError or HttpStatusCode.RequestTimeout),
            });

            pipeline.AddTimeout(TimeSpan.FromSeconds(remote.TimeoutSeconds));
        });
        return builder;
    }

    private static TimeSpan OverallTimeout(RemoteOptions remote) => TimeSpan.FromSeconds(remote.TimeoutSeconds * 2 + 1);
}
