"""Data that moderation relies on, made once here instead of lazily during a request:

- the "Community uploads" collection contributors' videos go into, viewable by the
  moderation groups only (a request that had to create it could race another, or run
  before the groups existed);
- a credit row for every community clip already published, so that crediting, which is now
  once per clip, never counts those again.
"""

from django.db import migrations

COLLECTION = "Community uploads"
GROUPS = ["Editors", "Peer reviewers"]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's path alphabet
STEPLEN = 4


def _child_path(parent, Collection) -> str:
    last = (
        Collection.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-STEPLEN:], 36) + 1 if last else 1
    step = ""
    for _ in range(STEPLEN):
        number, digit = divmod(number, len(ALPHABET))
        step = ALPHABET[digit] + step
    return parent.path + step


def create_community_uploads(apps, schema_editor):
    Collection = apps.get_model("wagtailcore.Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore.CollectionViewRestriction")
    Group = apps.get_model("auth.Group")

    root = Collection.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    collection = Collection.objects.filter(depth=2, name=COLLECTION).first()
    if collection is None:
        collection = Collection.objects.create(
            name=COLLECTION, path=_child_path(root, Collection), depth=2, numchild=0
        )
        root.numchild = Collection.objects.filter(depth=2, path__startswith=root.path).count()
        root.save(update_fields=["numchild"])
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type="groups"
        )
    restriction.groups.set(Group.objects.filter(name__in=GROUPS))


def credit_published_contributions(apps, schema_editor):
    ClipPage = apps.get_model("clips.ClipPage")
    ContributionCredit = apps.get_model("contributions.ContributionCredit")

    published = ClipPage.objects.filter(
        origin="community", first_published_at__isnull=False, owner__isnull=False
    ).values_list("pk", "owner_id")
    ContributionCredit.objects.bulk_create(
        [ContributionCredit(clip_id=pk, user_id=owner_id) for pk, owner_id in published],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0004_credits_and_upload_tokens"),
        ("contributions", "0003_moderation_groups_and_workflow"),
    ]

    operations = [
        migrations.RunPython(create_community_uploads, migrations.RunPython.noop),
        migrations.RunPython(credit_published_contributions, migrations.RunPython.noop),
    ]
