"""Every clip's one captions file becomes its default caption track, in English.

The page row and every saved revision of the page get the track, so that a draft in
moderation, its preview and a revision an editor reverts to keep their captions. A revision
holds the track with the same id as the row, as Wagtail stores a page's child objects.
"""

from django.db import migrations

LANGUAGE, LABEL = "en", "English"  # what the player announced for the one captions file


def _cues(vtt: str) -> list[dict]:
    from clips.captions import CaptionsError, parse_vtt

    try:
        return [cue.as_dict() for cue in parse_vtt(vtt)]
    except CaptionsError:
        return []


def forwards(apps, schema_editor):
    ClipPage = apps.get_model("clips", "ClipPage")
    CaptionTrack = apps.get_model("clips", "CaptionTrack")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    track_ids = {}
    pages = ClipPage.objects.exclude(captions_vtt="").only("pk", "captions_vtt", "transcript_cues")
    for page in pages.iterator():
        track = CaptionTrack.objects.create(
            page_id=page.pk,
            sort_order=0,
            language=LANGUAGE,
            label=LABEL,
            is_default=True,
            vtt=page.captions_vtt,
            cues=page.transcript_cues or _cues(page.captions_vtt),
        )
        track_ids[page.pk] = track.pk

    clip_type = ContentType.objects.filter(app_label="clips", model="clippage").first()
    if clip_type is None:
        return
    revisions = Revision.objects.filter(content_type=clip_type).only("pk", "object_id", "content")
    for revision in revisions.iterator():
        content = dict(revision.content)
        vtt = content.pop("captions_vtt", None)
        if vtt is None or "caption_tracks" in content:
            continue
        content["caption_tracks"] = []
        if vtt:
            content["caption_tracks"] = [
                {
                    "pk": track_ids.get(int(revision.object_id)),
                    "page": int(revision.object_id),
                    "sort_order": 0,
                    "language": LANGUAGE,
                    "label": LABEL,
                    "is_default": True,
                    "vtt": vtt,
                    "cues": _cues(vtt),
                }
            ]
        revision.content = content
        revision.save(update_fields=["content"])


def backwards(apps, schema_editor):
    ClipPage = apps.get_model("clips", "ClipPage")
    CaptionTrack = apps.get_model("clips", "CaptionTrack")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    for track in CaptionTrack.objects.filter(is_default=True).iterator():
        ClipPage.objects.filter(pk=track.page_id).update(captions_vtt=track.vtt)
    # Other languages have nowhere to go in one captions field; forwards makes tracks again.
    CaptionTrack.objects.all().delete()
    clip_type = ContentType.objects.filter(app_label="clips", model="clippage").first()
    if clip_type is None:
        return
    for revision in Revision.objects.filter(content_type=clip_type).iterator():
        content = dict(revision.content)
        tracks = content.pop("caption_tracks", None)
        if tracks is None:
            continue
        defaults = [t for t in tracks if t.get("is_default")] or tracks
        content["captions_vtt"] = defaults[0]["vtt"] if defaults else ""
        revision.content = content
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("clips", "0005_caption_tracks"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
