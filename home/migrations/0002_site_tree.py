"""Every fresh database gets the hub's skeleton: HomePage at / and TopicIndexPage at /topics/.

Wagtail's own migrations leave a plain "Welcome" page as the site root; it is replaced.
"""

import uuid

from django.db import migrations


def create_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("home.HomePage")
    TopicIndexPage = apps.get_model("clips.TopicIndexPage")

    Page.objects.filter(
        content_type__app_label="wagtailcore", content_type__model="page", depth=2
    ).delete()
    if HomePage.objects.exists():
        return
    locale = Locale.objects.order_by("pk").first()
    home_type, _ = ContentType.objects.get_or_create(app_label="home", model="homepage")
    index_type, _ = ContentType.objects.get_or_create(app_label="clips", model="topicindexpage")

    home = HomePage.objects.create(
        title="Hubbub",
        draft_title="Hubbub",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
        intro="Short clips from people who know, by topic. Watch, rate, share.",
    )
    TopicIndexPage.objects.create(
        title="Topics",
        draft_title="Topics",
        slug="topics",
        content_type=index_type,
        path="000100010001",
        depth=3,
        numchild=0,
        url_path="/home/topics/",
        locale=locale,
        translation_key=uuid.uuid4(),
        live=True,
        intro="Every topic in the hub, with its clips.",
    )
    Page.objects.filter(depth=1).update(numchild=1)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page_id=home.pk, is_default_site=True,
        site_name="Hubbub",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("clips", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_tree, migrations.RunPython.noop)]
