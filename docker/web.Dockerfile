# syntax=docker/dockerfile:1
# custseg web image: the single-page app (packages/web, built by Vite) served by nginx as a non-root user on
# port 8080, with the API paths proxied on the same origin (docker/nginx/custseg-web.conf.template):
#   /v1/ /docs /openapi.json /healthz /readyz  → CUSTSEG_API_URL       (custseg serve, default http://api:8000)
#   /api/ /ajax-api/ /get-artifact /health     → CUSTSEG_TRACKING_URL  (tracking, default http://tracking:5000)
# Everything else is the app (deep links load index.html). GET /web-healthz is nginx's own health.
#
# Build from the repository root:  docker build -f docker/web.Dockerfile -t custseg-web .
# Run beside the api:  docker run -p 8080:8080 -e CUSTSEG_API_URL=http://api:8000 ... custseg-web
# The only writable path is /tmp (pid, temp files, the rendered config): the root file system can be read-only.
# packages/cli/src/deploy/production-closure.test.ts replays the build stage on the host; nginx.test.ts runs the
# template under Debian's nginx against a real `custseg serve`.

ARG NODE_IMAGE=node:20-bookworm-slim
ARG NGINX_IMAGE=nginxinc/nginx-unprivileged:stable-alpine

# ---- build: `vite build` needs only @custseg/web's dependencies (no toolchain: no native module among them) ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# npm ci checks the lockfile against every workspace's package.json, so all of them come in, but
# --workspace installs only the web app's dependency tree.
COPY package.json package-lock.json ./
COPY packages/ml/package.json packages/ml/
COPY packages/tracking/package.json packages/tracking/
COPY packages/server/package.json packages/server/
COPY packages/cli/package.json packages/cli/
COPY packages/web/package.json packages/web/
RUN npm ci --workspace @custseg/web --no-audit --no-fund
COPY packages/web/ packages/web/
RUN npm run build --workspace @custseg/web

# ---- runtime: nginx only (no node) ----
FROM ${NGINX_IMAGE} AS runtime
# The image's entrypoint renders /etc/nginx/templates/*.template with these (and any -e override) into
# NGINX_ENVSUBST_OUTPUT_DIR; /tmp rather than /etc/nginx/conf.d so a read-only root file system works, and
# conf.d holds only the include of the rendered file (its default.conf, a second server on 8080, goes).
# The port variable is not CUSTSEG_WEB_PORT, which Kubernetes sets (to tcp://IP:PORT) for the custseg-web Service.
ENV CUSTSEG_WEB_LISTEN_PORT=8080 \
    CUSTSEG_WEB_DIR=/usr/share/nginx/custseg \
    CUSTSEG_API_URL=http://api:8000 \
    CUSTSEG_TRACKING_URL=http://tracking:5000 \
    CUSTSEG_TOKEN= \
    NGINX_ENVSUBST_OUTPUT_DIR=/tmp
COPY docker/nginx/custseg-web.conf.template /etc/nginx/templates/custseg-web.conf.template
RUN rm -f /etc/nginx/conf.d/default.conf \
 && echo 'include /tmp/custseg-web.conf;' > /etc/nginx/conf.d/custseg-web.conf
COPY --from=build /app/packages/web/dist/ /usr/share/nginx/custseg/

# uid 101 (nginx) of the unprivileged base image, stated here so the image does not depend on the base's default.
USER 101
EXPOSE 8080
# busybox wget (alpine); /web-healthz is answered by nginx itself, so the container is healthy while the api is
# still waiting for a model (the api's own health and /readyz are separate).
HEALTHCHECK --interval=15s --timeout=5s --start-period=5s --retries=3 \
  CMD wget -q -O /dev/null "http://127.0.0.1:${CUSTSEG_WEB_LISTEN_PORT}/web-healthz" || exit 1
