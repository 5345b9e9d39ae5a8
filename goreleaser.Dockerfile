# The release image of stacklint, built by goreleaser (.goreleaser.yaml,
# dockers_v2) from the binaries it has already built: nothing is compiled here.
# It must behave as the root Dockerfile's image (same base, user, entrypoint);
# cmd/stacklint's tests compare the two.
FROM gcr.io/distroless/static-debian12:nonroot
ARG TARGETPLATFORM
COPY $TARGETPLATFORM/stacklint /usr/local/bin/stacklint
# uid 1001 is the runner user on GitHub-hosted runners (see the Dockerfile).
USER 1001:1001
ENTRYPOINT ["/usr/local/bin/stacklint"]
