"""Background work of the core: the worker's heartbeat, seen by /healthz."""

import socket

from django.utils import timezone
from procrastinate.contrib.django import app

from .models import WorkerHeartbeat


def on_app_ready(app_):  # procrastinate hook; nothing to configure yet
    return app_


@app.periodic(cron="* * * * *", periodic_id="heartbeat")
@app.task(queue="default", pass_context=False)
def heartbeat(timestamp: int | None = None) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=socket.gethostname(), defaults={"seen_at": timezone.now()}
    )
