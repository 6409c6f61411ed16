"""The newsroom's roles: Writers, Editors and Moderators, with their permissions."""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

WRITERS, EDITORS, MODERATORS = "Writers", "Editors", "Moderators"

# Page permissions apply to the whole tree (granted on the root page).
PAGE_PERMISSIONS = {
    # Writers draft and submit for review; they cannot publish.
    WRITERS: ["add_page", "change_page"],
    EDITORS: [
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ],
    # Moderators look after the discussion, not the articles.
    MODERATORS: [],
}
COLLECTION_PERMISSIONS = {
    WRITERS: [
        "add_image",
        "change_image",
        "choose_image",
        "add_document",
        "change_document",
        "choose_document",
    ],
    EDITORS: [
        "add_image",
        "change_image",
        "delete_image",
        "choose_image",
        "add_document",
        "change_document",
        "delete_document",
        "choose_document",
    ],
    MODERATORS: [],
}
MODEL_PERMISSIONS = {
    WRITERS: [
        "wagtailadmin.access_admin",
        "stories.view_story",
        "articles.view_author",
        # The page menu's "Translate": a draft copy in another edition.
        "simple_translation.submit_translation",
    ],
    EDITORS: [
        "wagtailadmin.access_admin",
        "stories.add_story",
        "stories.change_story",
        "stories.delete_story",
        "stories.view_story",
        "stories.add_sectionthreadingmode",
        "stories.change_sectionthreadingmode",
        "stories.delete_sectionthreadingmode",
        "stories.view_sectionthreadingmode",
        "articles.add_author",
        "articles.change_author",
        "articles.delete_author",
        "articles.view_author",
        "core.change_newsroomsettings",
        "simple_translation.submit_translation",
    ],
    MODERATORS: ["wagtailadmin.access_admin"],
}
REVIEW_WORKFLOW = "Editorial review"


def _permission(dotted: str, default_app: str) -> Permission:
    app_label, _, codename = dotted.rpartition(".")
    return Permission.objects.get(
        content_type__app_label=app_label or default_app, codename=codename
    )


@transaction.atomic
def ensure_newsroom_groups() -> None:
    """Create the newsroom groups and the review workflow, or top up their permissions.

    The first run sets everything (and turns Wagtail's default "Moderators"
    page publishers into discussion moderators); later runs only add what is
    missing, so a newsroom's own changes in the admin survive every migrate.
    """
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    # post_migrate reaches this app before the others have their permissions.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    first_run = not Group.objects.filter(name=WRITERS).exists()
    root = Page.get_first_root_node()
    collection = Collection.get_first_root_node()
    groups = {
        name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS
    }

    for name, group in groups.items():
        if first_run:
            GroupPagePermission.objects.filter(group=group).delete()
            GroupCollectionPermission.objects.filter(group=group).delete()
            group.permissions.clear()
        for codename in PAGE_PERMISSIONS[name]:
            if root is not None:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root,
                    permission=_permission(codename, "wagtailcore"),
                )
        for codename in COLLECTION_PERMISSIONS[name]:
            app = "wagtaildocs" if codename.endswith("document") else "wagtailimages"
            if collection is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=collection,
                    permission=_permission(codename, app),
                )
        group.permissions.add(
            *[_permission(dotted, "") for dotted in MODEL_PERMISSIONS[name]]
        )

    if first_run and root is not None:
        task = GroupApprovalTask.objects.filter(name=REVIEW_WORKFLOW).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=REVIEW_WORKFLOW)
        task.groups.set([groups[EDITORS]])
        workflow, _ = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
        if not WorkflowTask.objects.filter(workflow=workflow).exists():
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        WorkflowPage.objects.update_or_create(
            page=root, defaults={"workflow": workflow}
        )
        # Wagtail's own default workflow sent pages to the old "Moderators".
        Workflow.objects.exclude(pk=workflow.pk).filter(
            name="Moderators approval"
        ).update(active=False)
