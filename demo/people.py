"""The demo people: the four contract accounts and a dozen colleagues who make the hub busy.

Levels are set only through ``contributions.people.services.level_set`` (which also keeps the
ladder's groups in step). Every account's password is ``learn-and-share``.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db.models import Count
from wagtail.search.backends import get_search_backend

from contributions.models import ContributionCredit, Level, Profile
from contributions.people.ladder import LEVEL_GROUPS
from contributions.people.services import level_recompute, level_set

PASSWORD = "learn-and-share"  # noqa: S105 - the documented demo password


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    level: Level = Level.LEARNER
    # How they use the hub: "rates" everything they watch, "samples" a few clips, "watches".
    habit: str = "rates"


DEMO_ACCOUNTS = (
    Person("learner", "Lee", "Learner", Level.LEARNER, "learner"),
    Person("contributor", "Cora", "Contributor", Level.CONTRIBUTOR),
    Person("trusted", "Tess", "Trusted", Level.TRUSTED),
    Person("editor", "Eddie", "Editor", Level.EDITOR),
)

# Colleagues; several of them present written clips (matched by full name).
CROWD = (
    Person("priya", "Priya", "Shah"),
    Person("jonas", "Jonas", "Weber"),
    Person("mei", "Mei", "Lin"),
    Person("kwame", "Kwame", "Asante"),
    Person("sofia", "Sofia", "Rossi"),
    Person("hannah", "Hannah", "Becker"),
    Person("tom", "Tom", "Okafor", habit="samples"),
    Person("aisha", "Aisha", "Rahman", habit="samples"),
    Person("carlos", "Carlos", "Mendes", habit="samples"),
    Person("daniel", "Daniel", "Kim", habit="samples"),
    Person("fatima", "Fatima", "Noor", habit="watches"),
    Person("liam", "Liam", "O'Brien", habit="watches"),
)

EVERYONE = DEMO_ACCOUNTS + CROWD

# Written clips (by plan number) that members shared themselves: approved community clips.
COMMUNITY_CLIPS = {6: "trusted", 23: "trusted", 38: "trusted", 17: "priya", 27: "jonas"}

# Groups that reach the Wagtail admin: reviewers review there, editors curate there.
ADMIN_GROUPS = (LEVEL_GROUPS[Level.TRUSTED], LEVEL_GROUPS[Level.EDITOR])


def admin_access_ensure() -> None:
    """Give the reviewer and editor groups the Wagtail admin login permission (idempotent)."""
    permission = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name in ADMIN_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def people_ensure() -> dict[str, object]:
    """Every demo person as a user with a profile at their level; {username: user}."""
    User = get_user_model()
    existing = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    password = make_password(PASSWORD)  # hashed once: sixteen hashes would take seconds
    users = {}
    for person in EVERYONE:
        user = existing.get(person.username)
        if user is None:
            user = User.objects.create(
                username=person.username,
                email=f"{person.username}@example.com",
                first_name=person.first_name,
                last_name=person.last_name,
                password=password,
            )
        users[person.username] = user
    _profiles_ensure(users)
    for person in EVERYONE:
        if person.level != Level.LEARNER:
            level_set(user=users[person.username], level=person.level, reason="Demo account")
    admin_access_ensure()
    return users


def _profiles_ensure(users: dict[str, object]) -> None:
    """Create missing profiles in one insert and index them for people search.

    Saving profiles one by one would also queue a re-index of every clip each person
    presents (search.signals); these people are new, so their clips get indexed anyway.
    """
    names = {p.username: f"{p.first_name} {p.last_name}" for p in EVERYONE}
    have = set(Profile.objects.filter(user__in=users.values()).values_list("user_id", flat=True))
    new = [
        Profile(user=user, display_name=names[username])
        for username, user in users.items()
        if user.pk not in have
    ]
    Profile.objects.bulk_create(new)
    if new:
        profiles = Profile.objects.filter(user__in=[p.user for p in new]).select_related("user")
        get_search_backend().add_bulk(Profile, list(profiles))


def levels_recompute(users: dict[str, object]) -> None:
    """Promote colleagues whose seeded ratings have earned the next level."""
    for person in CROWD:
        level_recompute(user=users[person.username], reason="Seeded activity")


def approved_counts_refresh(users: dict[str, object]) -> None:
    """Set ``approved_count`` from the live community clips each person owns.

    Each of those clips is marked as credited too, so that republishing one later does
    not count it a second time (see ``contributions.moderation.services``).
    """
    from clips.models import ClipOrigin, ClipPage

    community = ClipPage.objects.live().filter(
        origin=ClipOrigin.COMMUNITY, owner__in=users.values()
    )
    ContributionCredit.objects.bulk_create(
        [
            ContributionCredit(clip_id=pk, user_id=owner_id)
            for pk, owner_id in community.values_list("pk", "owner_id")
        ],
        ignore_conflicts=True,
    )
    counts = dict(
        community.order_by()  # pages order by path, which would split the groups
        .values_list("owner_id")
        .annotate(n=Count("pk"))
        .values_list("owner_id", "n")
    )
    for user in users.values():
        Profile.objects.filter(user=user).update(approved_count=counts.get(user.pk, 0))


def presenters_by_name(users: dict[str, object]) -> dict[str, object]:
    return {
        f"{p.first_name} {p.last_name}": users[p.username] for p in CROWD if p.username in users
    }


def _usernames() -> list[str]:
    return [person.username for person in EVERYONE]


def demo_accounts_rows() -> list[tuple[str, str, str]]:
    """(username, level, password) for each contract account that exists, in ladder order."""
    names = [person.username for person in DEMO_ACCOUNTS]
    profiles = {
        p.user.username: p
        for p in Profile.objects.filter(user__username__in=names).select_related("user")
    }
    return [
        (name, Level(profiles[name].level).label, PASSWORD) for name in names if name in profiles
    ]
