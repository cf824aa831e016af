# syntax=docker/dockerfile:1

# ---- Stage 1: build the SPA -------------------------------------------------
FROM node:20-bookworm-slim AS frontend
WORKDIR /src/frontend
# Manifests first so the dependency layer is reused until they change.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# ---- Stage 2: the API, worker and migrations in one image -------------------
FROM python:3.11-slim-bookworm
# api/ finds frontend/dist, migrations/ and alembic.ini relative to its own source
# file, so PYTHONPATH makes /app win over the copy `pip install .` puts in site-packages.
ENV ENVIRONMENT=production \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app

RUN groupadd --system --gid 10001 petra \
    && useradd --system --uid 10001 --gid petra --create-home --home-dir /home/petra petra

# The locked tree changes far less often than the code; keep it in its own layer.
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

# The trailing globs make README.md and alembic.ini optional: COPY only fails
# when none of its sources exist, and pyproject.toml always does.
COPY pyproject.toml README.md* alembic.ini* ./
# devtools/ (`petra dev`, the embedded PostgreSQL and Redis) stays out of the image.
COPY api/ api/
COPY workers/ workers/
COPY emulator/ emulator/
COPY migrations/ migrations/
# --no-deps: every dependency came from requirements.lock above; this only adds
# the package and its `petra` console script.
RUN pip install --no-cache-dir --no-deps . \
    && rm -rf build *.egg-info

COPY --from=frontend /src/frontend/dist /app/frontend/dist

USER 10001:10001
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request, sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

# One image, three roles: the worker runs it with `petra worker` and the release
# step with `petra migrate`; those override CMD and should disable HEALTHCHECK,
# since neither listens on port 8000.
CMD ["petra", "serve", "--host", "0.0.0.0", "--port", "8000"]
