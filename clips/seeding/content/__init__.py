"""The demo hub's words: topics and clips written as real workplace advice.

Each clip's ``lines`` become its WebVTT captions, so its transcript is searchable prose.
``library()`` lists every topic with its clips; ``clip_plan()`` turns it into any number of
clips, recombining the written ones (with a new angle and shuffled lines) past the first set.
"""

from .model import ClipText, TopicText
from .plan import ClipPlan, clip_plan, library, topic_colour

__all__ = ["ClipPlan", "ClipText", "TopicText", "clip_plan", "library", "topic_colour"]
