# CleanProxy container image (multi-stage). Build:   docker build -t cleanproxy .
# The samples use the same file:                    docker build --build-arg PROJECT=samples/DevIdentityProvider/DevIdentityProvider.csproj --build-arg ENTRY=DevIdentityProvider.dll -t cleanproxy-devidp .
# See docs/deployment.md.

ARG PROJECT=src/WebApi/CleanProxy.WebApi.csproj
ARG ENTRY=CleanProxy.WebApi.dll

# --- build: the SDK image restores and publishes; nothing of it reaches the runtime image ---
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /source
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY samples/ samples/
RUN dotnet publish "$PROJECT" --configuration Release --output /app -p:UseAppHost=false

# --- runtime: ASP.NET Core on Alpine (small; busybox wget for the health check), non-root ---
FROM mcr.microsoft.com/dotnet/aspnet:10.0-alpine AS runtime
ARG ENTRY
# Full globalization: Microsoft.Data.SqlClient needs ICU, which the Alpine image leaves out.
RUN apk add --no-cache icu-libs
ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false \
    ASPNETCORE_HTTP_PORTS=8080 \
    ENTRY_DLL=${ENTRY} \
    HEALTH_URL=http://127.0.0.1:8080/health/live
WORKDIR /app
COPY --from=build /app ./
# The embedded SQLite default writes to data/ under the working directory: the only writable folder (mount a volume there).
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
USER $APP_UID
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD wget -q -O /dev/null "$HEALTH_URL" || exit 1
# exec: dotnet becomes PID 1 and receives SIGTERM, so shutdown lets in-flight requests finish.
ENTRYPOINT ["/bin/sh", "-c", "exec dotnet \"$ENTRY_DLL\" \"$@\"", "--"]
