namespace CleanProxy.Application.Common.Options;

/// <summary>
/// <c>Auth:Remote:CircuitBreaker</c>: when the IdP's token and userinfo calls fail this often (5xx, 408, timeouts,
/// network errors), the proxy stops calling it for a while and answers temporarily_unavailable at once.
/// </summary>
public sealed class UpstreamCircuitBreakerOptions
{
    /// <summary>The share of failed calls in the sampling window that opens the breaker, above 0 and at most 1.</summary>
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Calls the window must hold before the ratio counts (at least 2).</summary>
    public int MinimumThroughput { get; set; } = 10;

    public int SamplingDurationSeconds { get; set; } = 30;

    /// <summary>How long the breaker stays open before one call tries the IdP again.</summary>
    public int BreakDurationSeconds { get; set; } = 15;
}
