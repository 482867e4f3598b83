# syntax=docker/dockerfile:1
# Hubbub's production image.
#
#   docker build -t hubbub .
#   docker run --rm -e SECRET_KEY=... -e DATABASE_URL=... hubbub python manage.py migrate  # release step
#   docker run -p 8000:8000 -e SECRET_KEY=... -e DATABASE_URL=... hubbub                  # web
#   docker run -e SECRET_KEY=... -e DATABASE_URL=... hubbub python manage.py db_worker     # tasks
#
# The container never migrates on start: several app servers starting at once would race
# each other's migrations. Run `python manage.py migrate` once per release, before the new
# app servers start (docker-compose.yml has a one-off `migrate` service for that).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- builder: every runtime dependency, installed into a virtualenv -------------------------
FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /venv
COPY requirements.txt /tmp/requirements.txt
RUN /venv/bin/pip install --upgrade pip && /venv/bin/pip install -r /tmp/requirements.txt

# --- final: the venv, the code, collected static files; runs as a non-root user -------------
FROM ${PYTHON_IMAGE} AS app
ENV PATH="/venv/bin:$PATH" \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=hub.settings.production \
    MEDIA_ROOT=/data/media \
    PRIVATE_MEDIA_ROOT=/data/media_private \
    PORT=8000 \
    WEB_CONCURRENCY=3

RUN groupadd --system hubbub \
    && useradd --system --gid hubbub --home-dir /app --no-create-home hubbub \
    && mkdir -p /app /data/media /data/media_private \
    && chown -R hubbub:hubbub /app /data

COPY --from=builder /venv /venv
WORKDIR /app
COPY --chown=hubbub:hubbub manage.py ./
COPY --chown=hubbub:hubbub hub ./hub
COPY --chown=hubbub:hubbub home ./home
COPY --chown=hubbub:hubbub clips ./clips
COPY --chown=hubbub:hubbub contributions ./contributions
COPY --chown=hubbub:hubbub search ./search
COPY --chown=hubbub:hubbub demo ./demo

USER hubbub

# Static files are collected (hashed and compressed by whitenoise) at build time. The key is
# a build-only placeholder: the running container must be given its own SECRET_KEY.
RUN SECRET_KEY=build-only-not-a-real-secret DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput --verbosity 0

VOLUME ["/data"]
EXPOSE 8000

# /healthz answers 200 "ok" when the app and its database answer. It is exempt from the
# HTTPS redirect; the Host header is the first of ALLOWED_HOSTS so Django accepts it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('*.') or 'localhost'; urllib.request.urlopen(urllib.request.Request('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), headers={'Host': host}), timeout=4)"]

# gthread workers keep heartbeating while a thread reads a long upload, so big clip uploads
# are not killed by the worker timeout. WEB_CONCURRENCY sets the number of processes.
CMD ["sh", "-c", "exec gunicorn hub.wsgi:application --bind 0.0.0.0:${PORT} --worker-class gthread --threads 4 --timeout 60 --access-logfile - --error-logfile -"]
