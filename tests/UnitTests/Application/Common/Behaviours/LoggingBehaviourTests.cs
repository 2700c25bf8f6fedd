using CleanProxy.Application.Common.Behaviours;
using CleanProxy.Application.Common.OAuth;
using CleanProxy.Application.Common.Security;
using CleanProxy.Application.Tokens.Commands.ExchangeAuthorizationCode;
using CleanProxy.Application.Tokens.Common;
using Microsoft.Extensions.Logging;

namespace CleanProxy.UnitTests.Application.Common.Behaviours;

public sealed class LoggingBehaviourTests
{
    private static readonly ExchangeAuthorizationCodeCommand Command = new(
        new ClientCredentials("client-1", "SECRET-CLIENT-SECRET", ClientCredentialSource.FormBody),
        "SECRET-CODE",
        "https://app.example.com/cb",
        "SECRET-VERIFIER",
        null);

    private readonly CapturingLogger _logger = new();

    [Fact]
    public async Task HandledRequest_IsLoggedWithUseCaseClientAndOutcome_ButNoSecret()
    {
        var behaviour = new LoggingBehaviour<ExchangeAuthorizationCodeCommand, OAuthResult<TokenResponse>>(_logger);

        await behaviour.Handle(
            Command,
            (_, _) => ValueTask.FromResult<OAuthResult<TokenResponse>>(new TokenResponse("SECRET-ACCESS", "Bearer", 3600, "SECRET-REFRESH", "openid")),
            TestContext.Current.CancellationToken);

        var entry = Assert.Single(_logger.Messages);
        Assert.Contains(nameof(ExchangeAuthorizationCodeCommand), entry, StringComparison.Ordinal);
        Assert.Contains("client-1", entry, StringComparison.Ordinal);
        Assert.Contains(": ok in", entry, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectedRequest_IsLoggedWithItsOAuthErrorCode()
    {
        var behaviour = new LoggingBehaviour<ExchangeAuthorizationCodeCommand, OAuthResult<TokenResponse>>(_logger);

        await behaviour.Handle(
            Command,
            (_, _) => ValueTask.FromResult<OAuthResult<TokenResponse>>(OAuthError.InvalidGrant("The authorization code is invalid.")),
            TestContext.Current.CancellationToken);

        var entry = Assert.Single(_logger.Messages);
        Assert.Contains($": {OAuthErrorCodes.InvalidGrant} in", entry, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", entry, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingHandler_IsLoggedWithoutSecrets_AndTheExceptionRethrown()
    {
        var behaviour = new LoggingBehaviour<ExchangeAuthorizationCodeCommand, OAuthResult<TokenResponse>>(_logger);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await behaviour.Handle(
            Command,
            (_, _) => throw new InvalidOperationException("boom"),
            TestContext.Current.CancellationToken));

        var entry = Assert.Single(_logger.Messages);
        Assert.Contains("client-1", entry, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", entry, StringComparison.Ordinal);
    }

    private sealed class CapturingLogger : ILogger<LoggingBehaviour<ExchangeAuthorizationCodeCommand, OAuthResult<TokenResponse>>>
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The state's structured values are what a structured sink would store: include them too.
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
                : string.Empty;
            Messages.Add(formatter(state, exception) + " | " + values);
        }
    }
}
