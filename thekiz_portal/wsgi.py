"""WSGI entry point, served by gunicorn (see Dockerfile)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thekiz_portal.settings")

application = get_wsgi_application()
