from .media import ClipMedia, ProcessingState, private_storage
from .pages import ClipOrigin, ClipPage, ClipTag, TopicIndexPage, TopicPage
from .stats import ClipStats

__all__ = [
    "ClipMedia",
    "ClipOrigin",
    "ClipPage",
    "ClipStats",
    "ClipTag",
    "ProcessingState",
    "TopicIndexPage",
    "TopicPage",
    "private_storage",
]
