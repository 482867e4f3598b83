"""``make bench``: load-test the hub under gunicorn beside the stack's ceiling (see run.py)."""
