# ThEKiZ-Portal: the portal under gunicorn; static files (compressed, cache-busted) are
# served by whitenoise from inside the image. See docker-compose.yml and README.md.
FROM python:3.11-slim-bookworm

# gunicorn reads gunicorn.conf.py from the working directory: three workers, an access
# log without client IP addresses, query strings and one-time tokens.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    THEKIZ_ENVIRONMENT=production \
    THEKIZ_MEDIA_ROOT=/data/media \
    THEKIZ_PRIVATE_ROOT=/data/private

WORKDIR /app
RUN useradd --create-home --uid 1000 thekiz && mkdir -p /data/media /data/private && chown thekiz /data/media /data/private

COPY requirements.txt .
RUN pip install --no-cache-dir --require-hashes -r requirements.txt

COPY . .
# collectstatic needs settings, not secrets: throw-away values for this build step only.
RUN THEKIZ_SECRET_KEY=build-only THEKIZ_ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --no-input --verbosity 0

USER thekiz
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import os, urllib.request as r; host = os.environ['THEKIZ_ALLOWED_HOSTS'].split(',')[0]; r.urlopen(r.Request('http://127.0.0.1:8000/health/', headers={'Host': host}), timeout=4)"
# Migrations run on every start; they are idempotent.
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn thekiz_portal.wsgi:application"]
