from .captions import CaptionTrack
from .media import ClipMedia, ProcessingState, private_storage
from .pages import ClipOrigin, ClipPage, ClipTag, RelatedClip, TopicIndexPage, TopicPage
from .stats import ClipStats

__all__ = [
    "CaptionTrack",
    "ClipMedia",
    "ClipOrigin",
    "ClipPage",
    "ClipStats",
    "ClipTag",
    "ProcessingState",
    "RelatedClip",
    "TopicIndexPage",
    "TopicPage",
    "private_storage",
]
