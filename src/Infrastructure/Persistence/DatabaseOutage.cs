using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace CleanProxy.Infrastructure.Persistence;

/// <summary>Tells an unreachable, locked or overloaded database (retry later) from a bug (fix the code).</summary>
public static class DatabaseOutage
{
    public static bool IsOutage(Exception exception) => exception switch
    {
        DbException or TimeoutException => true,

        // EnableRetryOnFailure gives up with this, wrapping the last transient error.
        RetryLimitExceededException => true,
        { InnerException: { } inner } => IsOutage(inner),
        _ => false,
    };
}
