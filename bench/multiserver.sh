#!/usr/bin/env bash
# The hub on two app servers, run for real on loopback (a CI stage of .ci/run):
#
#   one PostgreSQL database, one Redis db, moto's S3 server with one bucket,
#   gunicorn A and gunicorn B (production settings, 2 sync workers each), one db_worker;
#   then bench/multiserver.py uploads through A, approves through B (Wagtail's workflow
#   actions) and checks sessions, signed playback, ratings, rate limits and the topic page
#   across both. Every process started here is stopped by its pid on exit.
#
#   bash bench/multiserver.sh
#   MS_DATABASE_URL=postgres://… MS_REDIS_URL=redis://…/5 MS_PORT=8150 bash bench/multiserver.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PORT=${MS_PORT:-8150}
DB_URL=${MS_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hubbub_multiserver}
export REDIS_URL=${MS_REDIS_URL:-redis://127.0.0.1:6379/5}
WORK=$(mktemp -d /tmp/hubbub-multiserver.XXXXXX)
declare -a PIDS=()

stop_all() {
    local rc=$?
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ "$rc" -ne 0 ]; then
        for log in "$WORK"/*.log; do echo "--- $log (last lines)"; tail -n 25 "$log"; done
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap stop_all EXIT INT TERM

wait_http() {  # wait_http URL: up to 60 s for an answer
    for _ in $(seq 120); do
        if curl -fs -o /dev/null -H 'Host: 127.0.0.1' "$1"; then return 0; fi
        sleep 0.5
    done
    echo "No answer from $1" >&2
    return 1
}

# One fresh database and Redis db for the run.
db_name=${DB_URL##*/}
admin_url=${DB_URL%/*}/postgres
psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db_name" -c "CREATE DATABASE $db_name"
redis-cli -u "$REDIS_URL" flushdb >/dev/null

# moto's S3 server on loopback, and the bucket.
"$PY" -m moto.server -H 127.0.0.1 -p $((PORT + 9)) >"$WORK/s3.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$((PORT + 9))/moto-api/"

export DJANGO_SETTINGS_MODULE=hub.settings.production
export DATABASE_URL=$DB_URL
export SECRET_KEY=$("$PY" -c "import secrets; print(secrets.token_urlsafe(50))")
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=false LOG_LEVEL=WARNING
export MEDIA_BUCKET=hubbub-multiserver AWS_S3_ENDPOINT_URL=http://127.0.0.1:$((PORT + 9))
export AWS_S3_REGION_NAME=us-east-1 AWS_ACCESS_KEY_ID=hubbub AWS_SECRET_ACCESS_KEY=hubbub-secret
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
"$PY" - <<'EOF'
import os, boto3
boto3.client("s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"]).create_bucket(
    Bucket=os.environ["MEDIA_BUCKET"]
)
EOF

echo "Migrating, seeding a small hub (demo accounts), collecting static files"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py seed_hub --clips 6 --video-seconds 1 -v0 >"$WORK/seed.log"
"$PY" manage.py collectstatic --noinput -v0

for n in 0 1; do
    "$PY" -m gunicorn hub.wsgi:application --bind "127.0.0.1:$((PORT + n))" --workers 2 \
        --timeout 60 >"$WORK/app-$n.log" 2>&1 &
    PIDS+=($!)
done
"$PY" manage.py db_worker >"$WORK/worker.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$PORT/healthz"
wait_http "http://127.0.0.1:$((PORT + 1))/healthz"

"$PY" bench/multiserver.py "http://127.0.0.1:$PORT" "http://127.0.0.1:$((PORT + 1))"
