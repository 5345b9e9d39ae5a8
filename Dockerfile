# syntax=docker/dockerfile:1
# stacklint's container image, also the image of the GitHub Action (action.yml).
#   docker build --build-arg VERSION=v1.2.3 --build-arg COMMIT=$(git rev-parse HEAD) -t stacklint .
#   docker run --rm -v "$PWD:/src" -w /src stacklint scan .

ARG GO_VERSION=1.26

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG COMMIT=""
ARG DATE=""
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w -X github.com/stacklint/stacklint/internal/buildinfo.version=${VERSION} -X github.com/stacklint/stacklint/internal/buildinfo.commit=${COMMIT} -X github.com/stacklint/stacklint/internal/buildinfo.date=${DATE}" -o /out/stacklint ./cmd/stacklint

# distroless static: CA certificates, tzdata and /etc/passwd, no shell; about 2 MB.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/stacklint /usr/local/bin/stacklint
# Not root. uid 1001 is the runner user on GitHub-hosted runners, which owns the
# workspace and the GITHUB_OUTPUT/GITHUB_STEP_SUMMARY files a Docker action must
# write (the image's own nonroot uid 65532 could not). See README "Runner notes".
USER 1001:1001
ENTRYPOINT ["/usr/local/bin/stacklint"]
