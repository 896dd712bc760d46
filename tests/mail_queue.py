"""Send the queued mails in a test, as the worker would (``manage.py db_worker --batch``).

The worker itself checks its database connection between tasks, which ends the
transaction a ``django_db`` test runs in; this runs the worker's own step for each due
task instead, so it works in every test. Sent mails land in ``django.core.mail.outbox``.
"""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def mails_send() -> int:
    """Run every task that is due (retries that are due at once included); returns how
    many ran."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    count = 0
    while (task := DBTaskResult.objects.ready().first()) is not None:
        task.claim(worker.worker_id)
        worker.run_task(task)
        count += 1
    return count
