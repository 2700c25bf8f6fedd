namespace CleanProxy.Application.Common.Interfaces;

/// <summary>Salted slow hashing of client secrets; verification in constant time.</summary>
public interface IClientSecretHasher
{
    string Hash(string secret);

    bool Verify(string secret, string hash);
}
