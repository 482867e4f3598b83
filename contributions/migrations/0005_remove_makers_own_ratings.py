"""Take back the ratings people gave clips they made (before rating them was refused).

A maker's own stars counted in Top rated; the clip's counters and the rater's count drop
with each rating removed. Nobody is demoted (the ladder never demotes on a removal).
"""

from django.db import migrations
from django.db.models import F, Q


def makers_own_ratings(Rating):
    return Rating.objects.filter(
        Q(clip__presenter=F("user")) | Q(clip__owner=F("user"), clip__origin="community")
    )


def remove_makers_own_ratings(apps, schema_editor):
    Rating = apps.get_model("contributions", "Rating")
    ClipStats = apps.get_model("clips", "ClipStats")
    Profile = apps.get_model("contributions", "Profile")
    own = makers_own_ratings(Rating)
    for clip_id, user_id, score in own.values_list("clip_id", "user_id", "score").iterator():
        ClipStats.objects.filter(clip_id=clip_id, rating_count__gt=0).update(
            rating_count=F("rating_count") - 1, rating_sum=F("rating_sum") - score
        )
        Profile.objects.filter(user_id=user_id, ratings_count__gt=0).update(
            ratings_count=F("ratings_count") - 1
        )
    own.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0004_community_event"),
        ("clips", "0004_media_generated_names_and_types"),
    ]

    operations = [migrations.RunPython(remove_makers_own_ratings, migrations.RunPython.noop)]
