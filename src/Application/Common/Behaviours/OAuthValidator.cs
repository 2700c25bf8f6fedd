using FluentValidation;

namespace CleanProxy.Application.Common.Behaviours;

/// <summary>
/// Base for request validators: a rule stops at its first failure, so one missing parameter yields one precise error
/// and later checks in the chain never see a null they were not written for.
/// </summary>
public abstract class OAuthValidator<T> : AbstractValidator<T>
{
    protected OAuthValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
    }
}
