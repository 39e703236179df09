# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
#
# Gremlin as a container: the release bundle (scripts/dist.sh) built in a Swift image, then a
# slim Debian runtime holding only the bundle's runtime libraries, run as a non-root user.
#
#   docker build -t gremlin .
#   docker run --rm -v "$PWD:/work" gremlin audit --manifest models/m/release.yaml --policy policies/release.yaml
#
# The build context needs .git: the version comes from `git describe`. The mounted repository is
# owned by the host's user, not the image's: /etc/gitconfig marks every directory safe for libgit2.

ARG SWIFT_IMAGE=swift:6.3.1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${SWIFT_IMAGE} AS build
# Versions come from the pinned base image's Debian release.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends git libcurl4-openssl-dev libgit2-dev libxml2-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN GREMLIN_DIST_ALLOW_DIRTY=1 scripts/dist.sh \
    && mkdir /bundle \
    && tar -xzf dist/gremlin-*.tar.gz -C /bundle --strip-components=1

FROM ${RUNTIME_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="gremlin" \
      org.opencontainers.image.description="The model release gate: audits a model repository and blocks the deploy when it is not ready." \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="https://github.com/your-org/gremlin" \
      org.opencontainers.image.documentation="https://github.com/your-org/gremlin#readme"
COPY --from=build /bundle/RUNTIME-PACKAGES /tmp/RUNTIME-PACKAGES
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# hadolint ignore=DL3008
RUN apt-get update \
    && xargs -a /tmp/RUNTIME-PACKAGES apt-get install -y --no-install-recommends \
    && rm -rf /var/lib/apt/lists/* /tmp/RUNTIME-PACKAGES \
    && useradd --system --uid 10001 --create-home --home-dir /home/gremlin gremlin \
    && printf '[safe]\n\tdirectory = *\n' >/etc/gitconfig
COPY --from=build /bundle /opt/gremlin
RUN ln -s /opt/gremlin/bin/gremlin /usr/local/bin/gremlin
USER 10001
WORKDIR /work
ENTRYPOINT ["gremlin"]
CMD ["--help"]
