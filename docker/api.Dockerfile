# syntax=docker/dockerfile:1
# custseg API image: `custseg serve` on port 8000. The same image runs the tracking server
# (`custseg tracking serve`, see docker-compose.yml): both are the one `custseg` program with the same
# production closure (better-sqlite3 included), so one build, one push and versions that cannot drift.
#
# Build from the repository root:  docker build -f docker/api.Dockerfile -t custseg-api .
# Bake a model into the image (no tracking server needed at run time):
#   custseg models export models:/customer-segmentation@champion --out docker/model
#   docker build -f docker/api.Dockerfile --build-arg CUSTSEG_MODEL=/app/model/model.json -t custseg-api .
# The image also carries the built web app (packages/web/dist), which `custseg serve` serves at / — one container
# is then the whole UI + API on :8000 (CUSTSEG_WEB_DIR=off turns it off). docker-compose.yml and the cloud files
# put docker/web.Dockerfile (nginx) in front instead, and that image proxies the API paths here.
# packages/cli/src/deploy/production-closure.test.ts replays the COPY and npm lines below on the host.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript and the web app (dev dependencies, a C++ toolchain for better-sqlite3) ----
FROM ${NODE_IMAGE} AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json tsconfig.base.json ./
COPY packages/ml/package.json packages/ml/
COPY packages/tracking/package.json packages/tracking/
COPY packages/server/package.json packages/server/
COPY packages/cli/package.json packages/cli/
COPY packages/web/package.json packages/web/
RUN npm ci --no-audit --no-fund
COPY packages/ packages/
RUN npm run build

# ---- prod-deps: production dependencies only, native modules compiled here so the runtime has no toolchain ----
FROM ${NODE_IMAGE} AS prod-deps
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/ml/package.json packages/ml/
COPY packages/tracking/package.json packages/tracking/
COPY packages/server/package.json packages/server/
COPY packages/cli/package.json packages/cli/
# npm ci checks the lockfile against every workspace's package.json, web's included; the --workspace list leaves
# the web app's dependencies out (they are bundled into packages/web/dist).
COPY packages/web/package.json packages/web/
RUN npm ci --omit=dev --workspace @custseg/ml --workspace @custseg/tracking --workspace @custseg/server \
      --workspace @custseg/cli --no-audit --no-fund

# ---- runtime ----
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1 forwards SIGTERM to node (which drains in-flight requests) and reaps zombies.
RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=prod-deps /app/node_modules/ node_modules/
COPY --from=prod-deps /app/package.json package.json
COPY --from=build /app/packages/ml/package.json packages/ml/package.json
COPY --from=build /app/packages/ml/dist/ packages/ml/dist/
COPY --from=build /app/packages/ml/data/ packages/ml/data/
COPY --from=build /app/packages/tracking/package.json packages/tracking/package.json
COPY --from=build /app/packages/tracking/dist/ packages/tracking/dist/
COPY --from=build /app/packages/server/package.json packages/server/package.json
COPY --from=build /app/packages/server/dist/ packages/server/dist/
COPY --from=build /app/packages/cli/package.json packages/cli/package.json
COPY --from=build /app/packages/cli/dist/ packages/cli/dist/
COPY --from=build /app/packages/cli/bin/ packages/cli/bin/
# static files only: the server finds them at packages/web/dist (its default CUSTSEG_WEB_DIR)
COPY --from=build /app/packages/web/dist/ packages/web/dist/
# A model exported with `custseg models export URI --out docker/model` (the directory holds only a
# .gitignore otherwise); used when the image is built with --build-arg CUSTSEG_MODEL=/app/model/model.json.
COPY docker/model/ model/
RUN ln -s /app/packages/cli/bin/custseg.js /usr/local/bin/custseg \
 && mkdir -p /data && chown node:node /data

# Configuration is the environment (custseg serve --help lists every variable). The default model is the
# registry's champion, pulled from CUSTSEG_TRACKING_URI and hot-reloaded when the alias moves.
ARG CUSTSEG_MODEL=models:/customer-segmentation@champion
ENV NODE_ENV=production \
    CUSTSEG_MODEL=${CUSTSEG_MODEL} \
    CUSTSEG_HOST=0.0.0.0 \
    CUSTSEG_PORT=8000 \
    CUSTSEG_TRACKING_URI=/data/tracking

# Nothing is written under /app: the root file system can be mounted read-only (writable: /data, /tmp).
USER node
VOLUME ["/data"]
EXPOSE 8000
# No curl in the slim image: node's fetch checks readiness (a model is loaded) on the configured port.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.CUSTSEG_PORT||8000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["custseg", "serve"]
