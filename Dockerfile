# phasegate: the console + API (`phasegate serve`) and the intake worker (`phasegate worker`) in one image.
# Not built in the development sandbox (no Docker engine there): tests/test_deploy.py pins what can be
# checked offline (package data, commands, user, health check); see docs/operations.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PHASEGATE_HOME=/data \
    PHASEGATE_HOST=0.0.0.0 \
    PHASEGATE_PORT=8000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
# A regular (non-editable) install: templates, static files, migrations and the bundled router are package
# data. The source tree is removed after, so only the installed package runs.
RUN pip install . \
    && rm -rf /app/src \
    && useradd --create-home --uid 10001 --user-group phasegate \
    && mkdir -p /data \
    && chown phasegate:phasegate /data

USER phasegate
VOLUME /data
EXPOSE 8000
# `serve` opens the workspace and applies pending migrations before it answers; /healthz checks the database.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=5 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PHASEGATE_PORT\", \"8000\")}/healthz', timeout=2)"
CMD ["phasegate", "serve"]
