"""Background work for the index: a person's names live in their clips' entries too."""

from django.contrib.auth import get_user_model
from django_tasks import task
from wagtail.search import index

from clips.models import ClipPage
from contributions.models import Profile

from .services import search_log


@task()
def person_reindex_task(user_id: int) -> int:
    """Re-index a person's profile and the clips they present after their names changed."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return 0
    count = 0
    profile = Profile.objects.filter(user=user).first()
    if profile is not None:
        index.insert_or_update_object(profile)
        count += 1
    for clip in ClipPage.objects.filter(presenter=user):
        index.insert_or_update_object(clip)
        count += 1
    return count


@task()
def search_log_task(query_string: str, result_count: int, searcher: str = "") -> None:
    """Log one search in Wagtail's query log with whether it found anything, and by whom."""
    search_log(query_string=query_string, result_count=result_count, searcher=searcher)
