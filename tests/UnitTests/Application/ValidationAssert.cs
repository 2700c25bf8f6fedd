using FluentValidation.Results;

namespace CleanProxy.UnitTests.Application;

internal static class ValidationAssert
{
    /// <summary>
    /// The first failure is the one the pipeline answers with (ValidationBehaviour and the authorize handler both take
    /// <c>Errors[0]</c>): it must carry the OAuth error code and name what was wrong.
    /// </summary>
    public static void RejectedWith(ValidationResult result, string errorCode, string mentioned)
    {
        Assert.False(result.IsValid, "The request was accepted.");
        var first = result.Errors[0];
        Assert.Equal(errorCode, first.ErrorCode);
        Assert.Contains(mentioned, first.ErrorMessage, StringComparison.Ordinal);
    }

    public static void Accepted(ValidationResult result)
        => Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.ErrorCode}: {e.ErrorMessage}")));
}
