"""The verbs of the community. Each is one transaction, called alike by views, commands, tasks.

Split by subject; import from here (``from contributions import services``).
"""

from .ladder import level_recompute, level_set, profile_get

__all__ = ["level_recompute", "level_set", "profile_get"]
