"""How the community matures: daily snapshots, the roll-up that writes them, the dashboard reads.

An app of its own (label ``maturity``) so its tables are named for what they hold. The
roll-up (``rollup.py``) is the only writer; ``queries.py`` reads for the dashboard.
"""
