"""Background work of the core: the worker's heartbeat, seen by /healthz."""

import socket

from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

from .messaging import MAX_ATTEMPTS, deliver, digests_due, queue_digest
from .models import WorkerHeartbeat


def on_app_ready(app_):  # procrastinate hook; nothing to configure yet
    return app_


@app.periodic(cron="* * * * *", periodic_id="heartbeat")
@app.task(queue="default", pass_context=False)
def heartbeat(timestamp: int | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=socket.gethostname(), defaults={"seen_at": timezone.now()}
    )


# --- messages that reach people (messaging.py) --------------------------------------------------
@app.task(
    queue="messages",
    pass_context=True,
    retry=RetryStrategy(max_attempts=MAX_ATTEMPTS, exponential_wait=10),
)
def deliver_message(context, message_id: int) -> None:
    """Send one message; a failure is retried (10 s, 100 s, ... apart) and after the last try
    the message is marked failed for the administrators' page."""
    deliver(message_id, last_try=context.job.attempts + 1 >= MAX_ATTEMPTS)


@app.periodic(cron="0 * * * *", periodic_id="daily_digests")
@app.task(queue="messages", pass_context=False)
def daily_digests(timestamp: int | None = None) -> int:
    """Every hour: the digest of the people who chose this hour (once a day each)."""
    today = timezone.localdate()
    return sum(len(queue_digest(pref, day=today)) for pref in digests_due())
