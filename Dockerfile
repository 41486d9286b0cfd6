# syntax=docker/dockerfile:1
# The breakglass image: a static binary on distroless, run as non-root.
#
#   docker build -t breakglass .
#   docker build --build-arg VERSION=v1.0.0 --build-arg COMMIT=$(git rev-parse HEAD) \
#     --build-arg DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ) -t breakglass:v1.0.0 .
#   docker run --rm breakglass version

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG VERSION=""
ARG COMMIT=""
ARG DATE=""
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags "-s -w \
        -X github.com/breakglass-dev/breakglass/internal/version.Version=${VERSION} \
        -X github.com/breakglass-dev/breakglass/internal/version.Commit=${COMMIT} \
        -X github.com/breakglass-dev/breakglass/internal/version.Date=${DATE}" \
      -o /out/breakglass ./cmd/breakglass \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/breakglass /usr/local/bin/breakglass
# /data holds the SQLite database or the devnet's plan; owned by the
# non-root user so that a fresh named volume mounted there is writable.
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data
USER 65532:65532
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/breakglass"]
CMD ["--help"]
