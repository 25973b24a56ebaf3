# syntax=docker/dockerfile:1
# Kubelab's container image: the portal (Next.js production build + the embedded sandbox) started
# exactly as `npm start` starts it, as a non-root user, with the real kubectl for the lab terminal
# and bubblewrap + socat to confine it. Not built on the machines this was written on (no
# container engine there): deploy/README.md says how it is checked instead and how to build it.
#
#   docker build -t kubelab:dev .
#   docker run -p 3000:3000 -v kubelab-data:/data kubelab:dev
#
# Node's major version follows package.json's engines (>=20.19): node:20 for every stage.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- deps: the exact dependency tree of package-lock.json ------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# better-sqlite3 ships prebuilt binaries for Node 20 on linux x64/arm64; python3, make and g++
# let npm build it from source on any other platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dev dependencies stay: `npm start` runs the schema generator's up-to-date check (it reads
# kubernetes-types, a dev dependency) and starts server.ts through tsx.
RUN npm ci --no-audit --no-fund

# ---- build: the Kubernetes schemas and the Next.js production build ---------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# `npm run build` runs gen:schemas first (prebuild), then `next build` into .next.
RUN npm run build

# ---- kubectl: the official release binary, checked against its published checksum -------------
FROM ${NODE_IMAGE} AS kubectl
# The sandbox answers as Kubernetes v1.32, so the terminal's kubectl is the matching client.
ARG KUBECTL_VERSION=v1.32.5
# Optional: the expected SHA-256 of the binary (from the release notes). When given, the download
# must match it as well as the .sha256 file published beside the binary.
ARG KUBECTL_SHA256=
# Set by BuildKit to the image's architecture (amd64, arm64); the classic builder leaves it empty.
ARG TARGETARCH
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
RUN set -eu; \
    base="https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/${TARGETARCH:-amd64}"; \
    curl -fsSLo /tmp/kubectl "${base}/kubectl"; \
    curl -fsSLo /tmp/kubectl.sha256 "${base}/kubectl.sha256"; \
    echo "$(cat /tmp/kubectl.sha256)  /tmp/kubectl" | sha256sum --check; \
    if [ -n "${KUBECTL_SHA256}" ]; then echo "${KUBECTL_SHA256}  /tmp/kubectl" | sha256sum --check; fi; \
    install -m 0755 /tmp/kubectl /usr/local/bin/kubectl; \
    /usr/local/bin/kubectl version --client

# ---- runtime ----------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# bubblewrap + socat: the terminal's kubectl runs confined (lib/lab/kubectl/confine.ts); bwrap
# needs unprivileged user namespaces from the node (see deploy/README.md). tini is PID 1: it
# forwards SIGTERM and reaps the sandboxes' exited children.
RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap socat tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=kubectl /usr/local/bin/kubectl /usr/local/bin/kubectl

# A fixed non-root user (uid/gid 10001), so the chart's runAsUser and fsGroup can name it.
RUN groupadd --gid 10001 kubelab \
 && useradd --uid 10001 --gid 10001 --home-dir /home/kubelab --create-home --shell /usr/sbin/nologin kubelab \
 && mkdir -p /data \
 && chown kubelab:kubelab /data

WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOST=0.0.0.0 \
    KUBELAB_DATA_DIR=/data

# What `npm start` (scripts/start.mjs) and server.ts need: the manifest, the dependencies, the
# production build, the generated schemas, the server and the sources it and Next read at run time.
COPY --from=build /app/package.json /app/package-lock.json /app/next.config.mjs /app/tsconfig.json /app/server.ts ./
COPY --from=build /app/node_modules ./node_modules
# Next.js writes its cache under .next at run time: that folder is the runtime user's.
COPY --from=build --chown=10001:10001 /app/.next ./.next
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/lib ./lib
COPY --from=build /app/app ./app
COPY --from=build /app/components ./components
COPY --from=build /app/content ./content
# start.mjs rebuilds when a source is newer than the build or the schemas are older than their
# inputs; whatever mtimes the builder kept, the build and the schemas are made the newest files,
# so a start never rebuilds (it could not: the image's files are not the runtime user's to write).
RUN touch lib/k8s/schemas/generated/k8s-schemas.json \
 && touch .next/BUILD_ID

# Learner data, cluster stores, the cookie key and the instructor token live here.
VOLUME ["/data"]
EXPOSE 3000
USER 10001:10001

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "require('http').get({host:'127.0.0.1',port:process.env.PORT||3000,path:'/healthz',timeout:4000},r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"]

STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--"]
# The same command as package.json's "start" script (no npm in between, so signals reach it).
CMD ["node", "scripts/start.mjs"]
