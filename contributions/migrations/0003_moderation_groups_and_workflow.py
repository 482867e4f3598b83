"""Every fresh database gets the ladder's groups and the "Community contribution" workflow.

- Groups: "Contributors" (no admin rights: they work from /contribute/), "Peer reviewers"
  (admin access only; the workflow task opens the editor for the pages they review) and
  "Editors" (Wagtail's own group, given publish rights under /topics/, which Wagtail's
  default leaves out, plus media, images, settings, search promotions and the ladder).
- Wagtail's default "Moderators approval" workflow on the root is removed (or, if it was
  ever used, deactivated and unassigned), and "Community contribution" (Peer review, then
  Editorial approval) is assigned to the topic index, so it covers every topic and clip.

Idempotent: running it against a database that has some of this already only fills gaps.
"""

from django.db import migrations

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailmedia", "media", "add_media"),
    ("wagtailmedia", "media", "change_media"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
]
EDITOR_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtailmedia", "media", "add_media"),
    ("wagtailmedia", "media", "change_media"),
    ("wagtailmedia", "media", "delete_media"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "delete_image"),
    ("wagtailimages", "image", "choose_image"),
    ("contributions", "laddersettings", "change_laddersettings"),
    ("contributions", "profile", "change_profile"),
    ("contributions", "profile", "view_profile"),
    ("wagtailsearchpromotions", "searchpromotion", "add_searchpromotion"),
    ("wagtailsearchpromotions", "searchpromotion", "change_searchpromotion"),
    ("wagtailsearchpromotions", "searchpromotion", "delete_searchpromotion"),
]
REVIEWER_PERMISSIONS = [("wagtailadmin", "admin", "access_admin")]

STAGES = [
    # (task name, group, skipped when the owner is trusted)
    ("Peer review", "Peer reviewers", True),
    ("Editorial approval", "Editors", False),
]


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def set_up_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    TopicIndexPage = apps.get_model("clips.TopicIndexPage")

    Group.objects.get_or_create(name="Contributors")
    reviewers, _ = Group.objects.get_or_create(name="Peer reviewers")
    editors, _ = Group.objects.get_or_create(name="Editors")

    for spec in REVIEWER_PERMISSIONS:
        reviewers.permissions.add(_permission(apps, *spec))
    for spec in EDITOR_PERMISSIONS:
        editors.permissions.add(_permission(apps, *spec))

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for spec in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=editors, collection=root_collection, permission=_permission(apps, *spec)
            )

    index = TopicIndexPage.objects.first()
    if index is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors,
                page_id=index.pk,
                permission=_permission(apps, "wagtailcore", "page", codename),
            )
        # Wagtail's default gives Editors add/change on the root (the home page too) but no
        # publish: editors curate /topics/, where they now may publish.
        GroupPagePermission.objects.filter(group=editors, page__depth=1).delete()


def set_up_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    WorkflowState = apps.get_model("wagtailcore.WorkflowState")
    Task = apps.get_model("wagtailcore.Task")
    CommunityReviewTask = apps.get_model("contributions.CommunityReviewTask")
    TopicIndexPage = apps.get_model("clips.TopicIndexPage")

    for default in Workflow.objects.filter(name="Moderators approval"):
        WorkflowPage.objects.filter(workflow=default).delete()
        if WorkflowState.objects.filter(workflow=default).exists():
            default.active = False
            default.save(update_fields=["active"])
            continue
        task_ids = list(default.workflow_tasks.values_list("task_id", flat=True))
        default.delete()
        Task.objects.filter(pk__in=task_ids, workflow_tasks__isnull=True).delete()

    task_type, _ = ContentType.objects.get_or_create(
        app_label="contributions", model="communityreviewtask"
    )
    workflow, _ = Workflow.objects.get_or_create(
        name="Community contribution", defaults={"active": True}
    )
    for order, (name, group_name, skip) in enumerate(STAGES):
        task = CommunityReviewTask.objects.filter(name=name).first()
        if task is None:
            task = CommunityReviewTask.objects.create(
                name=name, content_type=task_type, active=True, skip_for_trusted_owner=skip
            )
        task.groups.set([Group.objects.get(name=group_name)])
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task_id=task.pk, defaults={"sort_order": order}
        )

    index = TopicIndexPage.objects.first()
    if index is not None:
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0002_community_review_task"),
        ("home", "0002_site_tree"),
        ("clips", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailmedia", "0005_alter_media_options"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(set_up_groups, migrations.RunPython.noop),
        migrations.RunPython(set_up_workflow, migrations.RunPython.noop),
    ]
