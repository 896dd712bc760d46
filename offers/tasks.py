"""Tasks of the offers app for the task queue (django-tasks, run by ``db_worker``)."""

from django_tasks import task

from offers.models import CalendarSubscription
from offers.services.imports import subscription_sync


@task()
def calendar_subscription_sync(subscription_pk: int) -> None:
    """Import one subscribed calendar (a failure is stored and reported, not raised)."""
    subscription = CalendarSubscription.objects.filter(pk=subscription_pk).first()
    if subscription is not None:  # removed since it was queued
        subscription_sync(subscription)


def calendar_subscriptions_enqueue() -> int:
    """Queue one import per subscription (the nightly command); returns how many."""
    pks = list(CalendarSubscription.objects.order_by("pk").values_list("pk", flat=True))
    for pk in pks:
        calendar_subscription_sync.enqueue(pk)
    return len(pks)
