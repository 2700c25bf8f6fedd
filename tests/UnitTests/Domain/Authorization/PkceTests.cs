using System.Security.Cryptography;
using System.Text;
using CleanProxy.Domain.Authorization;

namespace CleanProxy.UnitTests.Domain.Authorization;

public sealed class PkceTests
{
    // RFC 7636 Appendix B.
    private const string RfcVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    private const string RfcChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    [Fact]
    public void S256Challenge_OfTheRfc7636AppendixBVerifier_IsTheRfcValue()
    {
        var challenge = Pkce.ComputeS256Challenge(RfcVerifier);

        Assert.Equal(RfcChallenge, challenge);
    }

    [Fact]
    public void VerifierMatchingTheChallenge_IsVerified()
    {
        var verified = Pkce.Verify(RfcVerifier, RfcChallenge);

        Assert.True(verified);
    }

    [Fact]
    public void WellFormedVerifierOfAnotherChallenge_IsRefused()
    {
        var otherVerifier = Pkce.CreateVerifier();

        var verified = Pkce.Verify(otherVerifier, RfcChallenge);

        Assert.False(verified);
    }

    [Fact]
    public void ChallengeDifferingInOneCharacter_IsRefused()
    {
        var tampered = "F" + RfcChallenge[1..];

        var verified = Pkce.Verify(RfcVerifier, tampered);

        Assert.False(verified);
    }

    [Fact]
    public void TooShortVerifier_IsRefused_EvenWhenItsChallengeMatches()
    {
        var shortVerifier = new string('a', Pkce.MinVerifierLength - 1);
        var itsChallenge = Pkce.ComputeS256Challenge(shortVerifier);

        var verified = Pkce.Verify(shortVerifier, itsChallenge);

        Assert.False(verified);
    }

    [Fact]
    public void VerifierWithForbiddenCharacter_IsRefused_EvenWhenItsChallengeMatches()
    {
        var plusVerifier = RfcVerifier[..^1] + "+";
        var itsChallenge = Pkce.ComputeS256Challenge(plusVerifier);

        var verified = Pkce.Verify(plusVerifier, itsChallenge);

        Assert.False(verified);
    }

    [Fact]
    public void ChallengeOfDifferentLength_IsRefused_WithoutThrowing()
    {
        var verified = Pkce.Verify(RfcVerifier, RfcChallenge + "A");

        Assert.False(verified);
    }

    [Theory]
    [InlineData(42, false)]
    [InlineData(43, true)]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void VerifierLength_MustBeBetween43And128(int length, bool expected)
    {
        var verifier = new string('a', length);

        var valid = Pkce.IsValidVerifier(verifier);

        Assert.Equal(expected, valid);
    }

    [Theory]
    [InlineData('-', true)]
    [InlineData('.', true)]
    [InlineData('_', true)]
    [InlineData('~', true)]
    [InlineData('Z', true)]
    [InlineData('9', true)]
    [InlineData('+', false)]
    [InlineData('/', false)]
    [InlineData('=', false)]
    [InlineData(' ', false)]
    [InlineData('%', false)]
    [InlineData('é', false)]
    public void VerifierCharacters_AreLimitedToTheUnreservedSet(char character, bool expected)
    {
        var verifier = RfcVerifier[..^1] + character;

        var valid = Pkce.IsValidVerifier(verifier);

        Assert.Equal(expected, valid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void MissingVerifier_IsNotValid(string? verifier)
    {
        Assert.False(Pkce.IsValidVerifier(verifier));
    }

    [Fact]
    public void CreatedVerifiers_AreValid_AndNeverRepeat()
    {
        var first = Pkce.CreateVerifier();
        var second = Pkce.CreateVerifier();

        Assert.True(Pkce.IsValidVerifier(first));
        Assert.True(Pkce.IsValidVerifier(second));
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(RfcChallenge, true)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c", false)] // 42 characters
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cMA", false)] // 44 characters
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw+cM", false)] // base64, not base64url
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw/cM", false)]
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-c=", false)] // padding
    [InlineData("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw.cM", false)] // a plain verifier character, not base64url
    [InlineData("", false)]
    [InlineData(null, false)]
    public void WellFormedS256Challenge_IsFortyThreeBase64UrlCharacters(string? challenge, bool expected)
    {
        var wellFormed = Pkce.IsWellFormedS256Challenge(challenge);

        Assert.Equal(expected, wellFormed);
    }

    [Fact]
    public void ComputedChallenge_IsBase64UrlOfTheSha256OfTheVerifier()
    {
        var verifier = Pkce.CreateVerifier();
        var expected = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        var challenge = Pkce.ComputeS256Challenge(verifier);

        Assert.Equal(expected, challenge);
        Assert.True(Pkce.IsWellFormedS256Challenge(challenge));
    }
}
