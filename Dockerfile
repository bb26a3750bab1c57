# syntax=docker/dockerfile:1
# quizbot: a small runtime image with production dependencies only, running as a non-root user.
# Migrations are applied by the bot itself at start (under a Postgres advisory lock).

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies these patches to the installed driver (see README, Run on PostgreSQL).
COPY patches ./patches
# The lock cannot list every platform build of the FSRS optimizer's binding (a registry may lack some), and
# npm ci refuses a lock that misses optional builds; npm install then installs the locked versions it finds.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
# python3 and bubblewrap for the sandboxed snippet runner, python3-matplotlib for its plots (without
# recommends: numpy then gets the reference BLAS, not OpenBLAS, whose 128 MiB buffer leaves a plot little
# room under the sandbox's per-process memory limit); tini reaps the sandbox's processes and forwards
# SIGTERM so the bot can finish answers in flight before it exits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-matplotlib bubblewrap tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/data \
    HEALTH_PORT=8080 \
    RUNNER_PYTHON=/usr/bin/python3
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
COPY migrations ./migrations
COPY quizzes ./quizzes
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin quizbot \
 && mkdir -p /data && chown quizbot:quizbot /data
USER quizbot
VOLUME ["/data"]
# 8080: GET /healthz. 3000: Slack HTTP mode (SLACK_PORT), when used.
EXPOSE 8080 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["tini", "--"]
CMD ["node", "bin/quizbot.js", "start"]
