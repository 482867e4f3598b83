"""The demo hub's words: topics and clips written as real workplace advice, kept as data.

The words live in YAML files (``starter/``, one per topic; see ``pack``), so an organisation
can seed from its own starter pack. Each clip's ``lines`` become its WebVTT captions, so its
transcript is searchable prose.
``library()`` lists every topic with its clips; ``clip_plan()`` turns it into any number of
clips, recombining the written ones (with a new angle and shuffled lines) past the first set.
"""

from .model import ClipText, TopicText
from .pack import STARTER_PACK, ContentPackError, pack_read
from .plan import ClipPlan, clip_plan, library, topic_colour

__all__ = [
    "STARTER_PACK",
    "ClipPlan",
    "ClipText",
    "ContentPackError",
    "TopicText",
    "clip_plan",
    "library",
    "pack_read",
    "topic_colour",
]
