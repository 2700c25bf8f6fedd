using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CleanProxy.Infrastructure.Persistence;

/// <summary>UTC instants as Unix milliseconds; every instant the proxy stores comes from TimeProvider.GetUtcNow().</summary>
public sealed class DateTimeOffsetToUnixMillisecondsConverter()
    : ValueConverter<DateTimeOffset, long>(
        value => value.ToUnixTimeMilliseconds(),
        value => DateTimeOffset.FromUnixTimeMilliseconds(value));
