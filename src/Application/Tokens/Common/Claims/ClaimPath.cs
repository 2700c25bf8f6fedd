using System.Text.Json.Nodes;

namespace CleanProxy.Application.Tokens.Common.Claims;

/// <summary>
/// A path into upstream claims: property names separated by dots, <c>[]</c> after a name to walk every element of
/// that array (<c>groups[].name</c>). A path with <c>[]</c> yields an array; one without yields the value found.
/// </summary>
public sealed class ClaimPath
{
    private readonly (string Name, bool EachElement)[] _segments;

    private ClaimPath((string Name, bool EachElement)[] segments) => _segments = segments;

    public static bool TryParse(string? text, out ClaimPath path)
    {
        path = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var segments = new List<(string, bool)>();
        foreach (var part in text.Split('.'))
        {
            var eachElement = part.EndsWith("[]", StringComparison.Ordinal);
            var name = eachElement ? part[..^2] : part;
            if (name.Length == 0 || name.IndexOfAny(['[', ']', ' ']) >= 0)
            {
                return false;
            }

            segments.Add((name, eachElement));
        }

        path = new ClaimPath([.. segments]);
        return true;
    }

    /// <summary>What the path finds (a detached copy), or null when it finds nothing.</summary>
    public JsonNode? Evaluate(JsonObject claims)
    {
        List<JsonNode?> current = [claims];
        var yieldsArray = false;
        foreach (var (name, eachElement) in _segments)
        {
            var next = new List<JsonNode?>();
            foreach (var node in current)
            {
                if (node is not JsonObject obj || !obj.TryGetPropertyValue(name, out var value) || value is null)
                {
                    continue;
                }

                if (eachElement)
                {
                    if (value is JsonArray array)
                    {
                        next.AddRange(array.Where(e => e is not null));
                    }
                }
                else
                {
                    next.Add(value);
                }
            }

            yieldsArray |= eachElement;
            current = next;
        }

        if (yieldsArray)
        {
            return current.Count == 0 ? null : new JsonArray([.. current.Select(n => n!.DeepClone())]);
        }

        return current.Count == 0 ? null : current[0]!.DeepClone();
    }
}
