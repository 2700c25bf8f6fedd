using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace CleanProxy.Application.Common.Behaviours;

/// <summary>Logs which use case ran, for which client, how long it took and how it ended — never the request itself.</summary>
public sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var outcome = response is OAuth.IHasOAuthError { Error: { } error } ? error.Code : "ok";
            LogHandled(typeof(TMessage).Name, (message as IHasClientId)?.ClientIdForLog, outcome, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception exception)
        {
            LogFailed(exception, typeof(TMessage).Name, (message as IHasClientId)?.ClientIdForLog, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{UseCase} for client {ClientId}: {Outcome} in {ElapsedMs:0.0} ms")]
    private partial void LogHandled(string useCase, string? clientId, string outcome, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "{UseCase} for client {ClientId} failed after {ElapsedMs:0.0} ms")]
    private partial void LogFailed(Exception exception, string useCase, string? clientId, double elapsedMs);
}

/// <summary>Lets the logging behaviour name the client without logging the whole request.</summary>
public interface IHasClientId
{
    string? ClientIdForLog { get; }
}
