# syntax=docker/dockerfile:1
# studybot: multi-stage build on Node 20.
#   docker build -t studybot .
#   docker run --rm -p 8080:8080 -e DATABASE_URL=postgres://... -e DISCORD_TOKEN=... -e DISCORD_APPLICATION_ID=... studybot
#   docker run --rm -it studybot            # no tokens: the terminal demo on the embedded database
# Migrations are applied by the app at start (openDatabase), so a new image just works against an old database.

# ---- build: the full image (python3, make, g++) so a native optional dependency can build if no prebuilt fits ----
FROM node:20-bookworm AS build
WORKDIR /app
ENV npm_config_update_notifier=false
COPY package.json package-lock.json ./
# Install scripts must run: @tensorflow/tfjs-node (an optionalDependency) downloads libtensorflow in its install
# script. Being optional, npm carries on without it if that fails, and the app falls back to the WASM/CPU backend.
RUN npm ci --no-audit --no-fund --ignore-scripts=false
COPY . .
RUN npm run build
# The compiled code finds migrations/, decks/ and models/ relative to itself (dist/src/... -> dist/), and src/ml
# looks for package.json beside src/: so dist/ becomes a small project root. models/ may be absent (no trained
# weights yet): /generate then answers "not available".
RUN mkdir -p models && cp -r package.json migrations decks models dist/
# Keep runtime dependencies only (optional ones stay: among them the prebuilt @napi-rs/canvas binary for this
# platform, linux-x64-gnu or linux-arm64-gnu, which the pictures draw with; it needs no system library).
RUN npm prune --omit=dev --no-audit --no-fund
# The pictures bring their own fonts (the slim image has none) and load only the upright variable-weight files
# (src/pictures/fonts.ts): the other axes and the italics go (~5 MB).
RUN find node_modules/@fontsource-variable -name '*.woff2' ! -name '*-wght-normal.woff2' -delete

# ---- runtime: slim image, non-root ----
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    DATA_DIR=/app/data \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Code stays root-owned and read-only to the app; the app user ("node", uid 1000) owns only the data folder,
# where the embedded database lives when DATABASE_URL is unset.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 8080
# Needs the ops server (HTTP_PORT=off turns it off: then drop this check in your orchestrator).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Exec form: node itself is PID 1 and gets SIGTERM directly; it handles it (graceful shutdown, see src/ops/shutdown.ts).
CMD ["node", "dist/src/main.js"]
