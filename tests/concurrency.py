"""Run jobs at the same moment, each on its own thread and database connection.

The concurrency tests (ratings, submission races) use it; it runs on SQLite and PostgreSQL.
"""

import threading

from django.db import close_old_connections, connection


def run_together(jobs):
    """Start every job at the same moment on its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    return errors
