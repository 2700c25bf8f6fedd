using System.Text.Encodings.Web;
using DevIdentityProvider.Authorization;

namespace DevIdentityProvider.Html;

/// <summary>
/// Plain server-rendered pages. Hidden inputs keep the attribute order <c>name="..." value="..."</c> so tests can
/// read them with a regular expression. Everything echoed is HTML-encoded.
/// </summary>
internal static class HtmlPages
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}"
        + "label{display:block;margin:.75rem 0}input{display:block;width:100%;padding:.4rem;box-sizing:border-box}"
        + "button{margin:.75rem .5rem 0 0;padding:.4rem 1rem}.error{color:#b00020}.dev{background:#fff3cd;padding:.5rem}";

    public static string LoginForm(string loginUrl, ShowLoginForm form)
    {
        var error = form.ErrorMessage is null ? "" : $"""<p class="error" role="alert">{Encode(form.ErrorMessage)}</p>""";
        var usernameValue = form.Username is null ? "" : $""" value="{Encode(form.Username)}" """.TrimEnd();
        return Page(
            "Sign in",
            $"""
            <h1>Sign in</h1>
            <p>The application <strong>{Encode(form.Login.ClientId)}</strong> asks for: {Encode(form.Login.Scope)}</p>
            {error}
            <form method="post" action="{Encode(loginUrl)}">
            <input type="hidden" name="request_id" value="{Encode(form.RequestId)}">
            <label>Username <input name="username"{usernameValue}></label>
            <label>Password <input type="password" name="password"></label>
            <button type="submit" name="action" value="login">Sign in</button>
            <button type="submit" name="action" value="deny">Deny</button>
            </form>
            """);
    }

    public static string Error(string message) =>
        Page("Error", $"""
            <h1>Request refused</h1>
            <p class="error">{Encode(message)}</p>
            """);

    private static string Page(string title, string body) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>{Encode(title)} - Dev Identity Provider</title>
        <style>{Style}</style>
        </head>
        <body>
        <p class="dev">Dev Identity Provider: for development and tests only.</p>
        {body}
        </body>
        </html>
        """;

    private static string Encode(string value) => HtmlEncoder.Default.Encode(value);
}
