"""gunicorn's settings for the container: it starts in this folder and reads this file.

Options can still be given on the command line or in GUNICORN_CMD_ARGS (e.g.
``--workers 5``); they win over this file.
"""

bind = "0.0.0.0:8000"
workers = 3
# The reverse proxy sets X-Forwarded-Proto; Django decides what to trust
# (THEKIZ_BEHIND_PROXY, THEKIZ_TRUSTED_PROXY_COUNT).
forwarded_allow_ips = "*"
# The access log: no client IP addresses (privacy page), and paths only, without query
# strings (search terms) and with one-time tokens masked (thekiz_portal/logs.py).
accesslog = "-"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
logger_class = "thekiz_portal.logs.RedactingGunicornLogger"
