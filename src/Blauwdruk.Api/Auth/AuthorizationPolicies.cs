using System.Security.Claims;
using Blauwdruk.Api.Fhir;
using Blauwdruk.Api.Problems;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Blauwdruk.Api.Auth;

/// <summary>
/// Who may enter which part of the host: <see cref="BlauwdrukPolicies.Professional"/> (a token or login with an
/// organisation) for <c>/api</c>, <c>/fhir</c> and the professionals' pages; <see cref="BlauwdrukPolicies.Client"/>
/// (a client signed in as herself at an accepted level of assurance) for <c>/api/me</c> and her own page.
/// What each may then see is decided by the engine (<c>Runtime/Access.cs</c>, <c>Clients/ClientAccess.cs</c>).
/// </summary>
internal static class AuthorizationPolicies
{
    public static IServiceCollection AddBlauwdrukPolicies(this IServiceCollection services, AuthOptions options)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(BlauwdrukPolicies.Professional, policy => policy.RequireAuthenticatedUser().AddRequirements(new ProfessionalRequirement()))
            .AddPolicy(BlauwdrukPolicies.Client, policy => policy.RequireAuthenticatedUser().AddRequirements(new ClientRequirement(options.Client.Accepted)));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, PolicyRefusals>();
        return services;
    }

    /// <summary>A professional's token or login names the organisation they work for.</summary>
    internal sealed class ProfessionalRequirement : AuthorizationHandler<ProfessionalRequirement>, IAuthorizationRequirement
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ProfessionalRequirement requirement)
        {
            if (context.User.FindFirst(BlauwdrukClaims.Organisation) is { Value.Length: > 0 })
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>A client signed in as herself: no organisation, her subject and a valid BSN, at an accepted level.</summary>
    internal sealed class ClientRequirement(IReadOnlyCollection<string> accepted) : AuthorizationHandler<ClientRequirement>, IAuthorizationRequirement
    {
        public IReadOnlyCollection<string> Accepted => accepted;

        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ClientRequirement requirement)
        {
            if (context.User.ToClientPerson(accepted) is not null)
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// A refusal by one of these policies on <c>/api</c> is a ProblemDetails, on <c>/fhir</c> an OperationOutcome,
    /// each saying in Dutch which part is for whom; the web pages keep the login's answer (the access-denied page).
    /// </summary>
    private sealed class PolicyRefusals : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList() ?? [];
            if (!authorizeResult.Forbidden || !AuthServiceCollectionExtensions.IsApi(context.Request.Path)
                || !failed.Any(r => r is ProfessionalRequirement or ClientRequirement))
            {
                return _default.HandleAsync(next, context, policy, authorizeResult);
            }

            if (context.Request.Path.StartsWithSegments("/fhir"))
            {
                return FhirResult.Outcome(StatusCodes.Status403Forbidden, Hl7.Fhir.Model.OperationOutcome.IssueType.Forbidden,
                    "De FHIR-koppeling is voor zorgverleners en de systemen van hun organisatie: uw aanmelding noemt geen organisatie (org).")
                    .ExecuteAsync(context);
            }

            return (failed.Any(r => r is ProfessionalRequirement)
                ? RejectionProblems.ForProfessionalsOnly()
                : RejectionProblems.ForTheClientHerself(IsProfessional(context.User))).ExecuteAsync(context);
        }

        private static bool IsProfessional(ClaimsPrincipal user) => user.FindFirst(BlauwdrukClaims.Organisation) is not null;
    }
}
