# phasegate: the console + API (`phasegate serve`) and the intake worker (`phasegate worker`) in one image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PHASEGATE_HOME=/data \
    PHASEGATE_HOST=0.0.0.0 \
    PHASEGATE_PORT=8000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . \
    && useradd --create-home --uid 10001 phasegate \
    && mkdir -p /data \
    && chown phasegate /data

USER phasegate
VOLUME /data
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
CMD ["phasegate", "serve"]
