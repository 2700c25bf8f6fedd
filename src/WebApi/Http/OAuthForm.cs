using System.Text;
using CleanProxy.Application.Common.OAuth;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace CleanProxy.WebApi.Http;

/// <summary>
/// The form body of a back-channel OAuth request. Parsed as application/x-www-form-urlencoded whatever the
/// Content-Type says (some clients send none, or add odd parameters to it), with size limits, and a parameter given
/// twice is rejected (RFC 6749 §3.1: parameters must not be included more than once).
/// </summary>
public sealed class OAuthForm
{
    public const int MaxBodyBytes = 64 * 1024;

    private readonly Dictionary<string, StringValues> _values;

    private OAuthForm(Dictionary<string, StringValues> values) => _values = values;

    public string? this[string name] => _values.TryGetValue(name, out var value) ? value.ToString() : null;

    public static async Task<(OAuthForm? Form, OAuthError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, OAuthError.InvalidRequest($"The request body must be at most {MaxBodyBytes} bytes."));
        }

        Dictionary<string, StringValues> values;
        try
        {
            using var reader = new FormReader(request.Body, Encoding.UTF8)
            {
                KeyLengthLimit = 256,
                ValueLengthLimit = 16 * 1024,
                ValueCountLimit = 64,
            };
            values = await reader.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            return (null, OAuthError.InvalidRequest("The form body exceeds the allowed size or number of parameters."));
        }

        var repeated = values.FirstOrDefault(v => v.Value.Count > 1).Key;
        return repeated is not null
            ? (null, OAuthError.InvalidRequest($"The parameter '{repeated}' must not be sent more than once."))
            : (new OAuthForm(values), null);
    }
}
