using Microsoft.Extensions.Primitives;

namespace DevIdentityProvider.Protocol;

/// <summary>
/// Query or form parameters read the RFC 6749 way: an empty value counts as omitted (3.1) and a parameter sent
/// more than once makes the request invalid (3.1, 3.2).
/// </summary>
internal sealed class ProtocolParameters
{
    private readonly Dictionary<string, StringValues> _values;

    public ProtocolParameters(IEnumerable<KeyValuePair<string, StringValues>> source)
    {
        _values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (key, value) in source)
        {
            _values[key] = _values.TryGetValue(key, out var existing) ? StringValues.Concat(existing, value) : value;
        }
    }

    public static ProtocolParameters Empty { get; } = new([]);

    /// <summary>The single value of a parameter, or null when it is absent, empty or repeated.</summary>
    public string? Get(string name) =>
        _values.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    public bool IsRepeated(string name) => _values.TryGetValue(name, out var values) && values.Count > 1;

    /// <summary>The first parameter sent more than once, if any.</summary>
    public string? FindRepeated() => _values.FirstOrDefault(pair => pair.Value.Count > 1).Key;
}
