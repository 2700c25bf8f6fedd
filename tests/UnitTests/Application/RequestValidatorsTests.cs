using CleanProxy.Application.Clients.Commands.RegisterClient;
using FluentValidation;

namespace CleanProxy.UnitTests.Application;

public sealed class RequestValidatorsTests
{
    public static TheoryData<string> Validators =>
    [
        .. typeof(RegisterClientCommandValidator).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IValidator).IsAssignableFrom(t))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal),
    ];

    [Fact]
    public void ApplicationDefinesRequestValidators()
    {
        // Guards the theory below against discovering nothing.
        Assert.True(Validators.Count >= 7);
    }

    [Theory]
    [MemberData(nameof(Validators))]
    public void EveryRequestValidator_StopsARuleAtItsFirstFailure(string validatorName)
    {
        // Otherwise later checks in a chain run on the null an earlier NotEmpty refused, and throw (see
        // RegisterClientCommandValidatorTests.RegistrationWithoutRedirectUris_IsAnInvalidRedirectUri).
        var type = typeof(RegisterClientCommandValidator).Assembly.GetType(validatorName, throwOnError: true)!;
        var validator = Activator.CreateInstance(type)!;

        var cascade = (CascadeMode)type.GetProperty(nameof(AbstractValidator<object>.RuleLevelCascadeMode))!.GetValue(validator)!;

        Assert.Equal(CascadeMode.Stop, cascade);
    }
}
