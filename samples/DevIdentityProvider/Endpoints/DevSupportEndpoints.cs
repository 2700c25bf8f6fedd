using DevIdentityProvider.Diagnostics;

namespace DevIdentityProvider.Endpoints;

/// <summary>Test support only: lets a test observe what reached this IdP (for example how many refreshes).</summary>
internal static class DevSupportEndpoints
{
    public static void MapDevSupportEndpoints(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(EndpointPaths.DevStats, (DevStats stats) => Results.Json(stats.Snapshot()));
}
