"""Editors name topic experts and set the discussion's limits in the Wagtail admin."""

from django.db import migrations

EDITORS = "Editors"
PERMISSIONS = {
    "topicexpert": ["add_topicexpert", "change_topicexpert", "delete_topicexpert", "view_topicexpert"],
    "discussionsettings": ["change_discussionsettings"],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    for model, codenames in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="discussion", model=model)
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": f"Can {codename.replace('_', ' ')}"},
            )
            editors.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("discussion", "0001_initial"),
        ("contributions", "0003_moderation_groups_and_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
