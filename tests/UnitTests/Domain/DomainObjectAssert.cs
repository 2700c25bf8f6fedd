using System.Reflection;
using System.Text;

namespace CleanProxy.UnitTests.Domain;

/// <summary>Looks into every field of an entity (backing fields included) for a secret that must only be kept hashed.</summary>
internal static class DomainObjectAssert
{
    public static void HoldsNoTraceOf(object entity, string secret)
    {
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        for (var type = entity.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                switch (field.GetValue(entity))
                {
                    case string text:
                        Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{field.Name} holds the secret in clear.");
                        break;
                    case byte[] bytes:
                        Assert.False(bytes.AsSpan().IndexOf(secretBytes) >= 0, $"{field.Name} holds the secret's bytes.");
                        break;
                    case IEnumerable<string> texts:
                        Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal));
                        break;
                }
            }
        }
    }
}
