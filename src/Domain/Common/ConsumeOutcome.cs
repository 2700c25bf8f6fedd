namespace CleanProxy.Domain.Common;

/// <summary>What happened when a single-use grant (state, code, refresh token) was presented.</summary>
public enum ConsumeOutcome
{
    Consumed,
    Expired,
    AlreadyConsumed,
    Revoked,
}
