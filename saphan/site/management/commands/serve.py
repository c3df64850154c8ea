"""`make run`: prepare everything and serve the app with its background worker.

Migrates, loads reference and demo data (both idempotent), prints the demo accounts, then runs
gunicorn and the procrastinate worker as children until Ctrl-C, and finally stops the embedded
database. Children die with this process even when it is killed (PR_SET_PDEATHSIG), and a
database left running by a killed run is reused by the next one.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from saphan.core.i18n import compile_messages

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: receive SIGTERM when the parent dies, however it dies."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class Command(BaseCommand):
    help = "Set up the database and data, then serve Saphan with its background worker."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default=os.environ.get("SAPHAN_HOST", "127.0.0.1"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("SAPHAN_WEB_WORKERS", "2"))
        )
        parser.add_argument(
            # 3: with 4, a worker's memory peaked at 311-345 MB under 200 users (README, "At
            # scale"); with 3 it stays under 270 MB, and throughput and p95 are as good.
            "--threads",
            type=int,
            default=int(os.environ.get("SAPHAN_WEB_THREADS", "3")),
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start the background worker"
        )
        parser.add_argument(
            "--prepare-only", action="store_true", help="set everything up, then exit"
        )

    def handle(self, *args, **opts):
        compile_messages()  # first: everything below prints in Thai
        started = time.monotonic()
        try:
            self._prepare()
            self.stdout.write(_("Ready in %(s).1f s.") % {"s": time.monotonic() - started})
            if not opts["prepare_only"]:
                self._serve(opts)
        finally:
            if settings.EMBEDDED_DATABASE:
                from saphan.core.embedded_db import stop_server

                self.stdout.write(_("Stopping the embedded database…"))
                stop_server(settings.DATA_DIR)

    def _prepare(self) -> None:
        where = settings.DATA_DIR if settings.EMBEDDED_DATABASE else _("the server in DATABASE_URL")
        self.stdout.write(_("Database: %(where)s") % {"where": where})
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_reference", verbosity=0)
        from saphan.cases.clocks import ensure_defaults

        ensure_defaults()
        if settings.SAPHAN_DEMO:
            from saphan.site.demo import app_demo_data, ensure_demo_data, format_accounts_table

            summary = ensure_demo_data()
            self.stdout.write(format_accounts_table(summary))
            from saphan.orgs.otp import demo_enrol, format_demo_second_factor

            self.stdout.write(format_demo_second_factor(demo_enrol(accounts=summary.accounts)))
            from saphan.cases.demo import ensure_scenario_cases

            ensure_scenario_cases()
            self._demo_cases()
            for message in app_demo_data():
                self.stdout.write(str(message))

    def _demo_cases(self) -> None:
        """Ask the worker to top the synthetic cases up to SAPHAN_DEMO_CASES (default 2,000)."""
        from procrastinate.exceptions import AlreadyEnqueued

        from saphan.cases.models import Case
        from saphan.cases.tasks import demo_cases_top_up

        target = int(os.environ.get("SAPHAN_DEMO_CASES", "2000"))
        missing = target - Case.objects.filter(is_demo=True).count()
        if missing <= 0:
            return
        try:
            demo_cases_top_up.defer(target=target)
        except AlreadyEnqueued:
            pass
        self.stdout.write(
            _(
                "The worker is adding %(n)d synthetic demo cases in the background; lists fill as it goes."
            )
            % {"n": missing}
        )

    def _serve(self, opts) -> None:
        env = {**os.environ, "SAPHAN_OWNS_DB": "0", "DJANGO_SETTINGS_MODULE": "config.settings"}
        if settings.EMBEDDED_DATABASE:
            env["SAPHAN_DATA_DIR"] = str(settings.DATA_DIR)
        python = sys.executable
        bind = f"{opts['host']}:{opts['port']}"
        # links in e-mail and LINE messages point at this server unless told otherwise
        shown = "localhost" if opts["host"] in ("0.0.0.0", "::") else opts["host"]
        env.setdefault("SAPHAN_SITE_URL", f"http://{shown}:{opts['port']}")
        # glibc gives every thread that allocates its own malloc arena (up to 8 per core), and
        # memory freed in one is not given back to another: a worker of 4 threads grew from
        # 260 to 350 MB under 200 users. Two arenas per process hold it (README, "At scale").
        env.setdefault("MALLOC_ARENA_MAX", "2")
        children: list[subprocess.Popen] = []
        # Keep-alive outlives a browser's or a load balancer's pause between requests (2 s, the
        # default, closed connections clients were about to reuse: resets under load); a worker
        # is replaced after 2,000 requests (jittered) so no slow leak grows a process; a
        # reload (SIGHUP) or stop lets requests in flight finish for up to 20 s.
        web = [
            python, "-m", "gunicorn", "config.wsgi:application",
            "--bind", bind, "--workers", str(opts["workers"]), "--threads", str(opts["threads"]),
            "--access-logfile", "-", "--graceful-timeout", "20", "--timeout", "60",
            "--keep-alive", "75", "--max-requests", "2000", "--max-requests-jitter", "200",
        ]  # fmt: skip
        children.append(subprocess.Popen(web, env=env, preexec_fn=_die_with_parent))
        if not opts["no_worker"]:
            worker = [python, "manage.py", "procrastinate", "worker", "--concurrency", "2"]
            children.append(
                subprocess.Popen(
                    worker, env=env, preexec_fn=_die_with_parent, cwd=settings.BASE_DIR
                )
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Saphan is at http://%(bind)s/ — press Ctrl-C to stop.") % {"bind": bind}
            )
        )

        stopping = False
        hurry = False

        def _stop(signum, frame):
            # The first Ctrl-C lets requests and jobs in flight finish (up to 25 s); a second
            # one stops at once (a job cut short stays unfinished in the queue). The browser
            # tests stop their server so: nothing of its data is kept.
            nonlocal stopping, hurry
            if stopping:
                hurry = True
            stopping = True

        def _reload(signum, frame):
            # A graceful restart (new code, new settings): gunicorn starts new workers and
            # lets the old ones finish what they are answering; no request is dropped.
            if children[0].poll() is None:
                children[0].send_signal(signal.SIGHUP)

        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGHUP, _reload)
        try:
            while not stopping:
                for child in children:
                    if child.poll() is not None:
                        self.stderr.write(
                            _("A server process ended (exit %(code)s); stopping.")
                            % {"code": child.returncode}
                        )
                        stopping = True
                time.sleep(0.3)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            if any(child.poll() is None for child in children):
                self.stdout.write(
                    _(
                        "Stopping: what is in flight may finish (up to 25 s); Ctrl-C again stops now."
                    )
                )
            deadline, quick = time.monotonic() + 25, False
            while time.monotonic() < deadline and any(c.poll() is None for c in children):
                if hurry and not quick:
                    # gunicorn's quick shutdown stops its workers with it (a killed master
                    # would leave them); the job worker has no children of its own
                    quick, deadline = True, min(deadline, time.monotonic() + 5)
                    web, *others = children
                    if web.poll() is None:
                        web.send_signal(signal.SIGQUIT)
                    for child in others:
                        if child.poll() is None:
                            child.kill()
                time.sleep(0.1)
            for child in children:
                if child.poll() is None:
                    child.kill()
                    child.wait()
