"""Accounts, sessions and URLs for a benchmark run, printed as JSON (``python -m bench.prepare``).

Runs with the benchmark's settings against the seeded database: makes ``--raters`` distinct
signed-in people (and one reader) with real sessions in the configured session store, so
wrk can send their cookies, and picks the pages to load from the seeded hub.
"""

import argparse
import json
import os
import secrets

import django


def _session_for(user) -> dict:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    # Django accepts its 32-character secret as the form token when it equals the cookie.
    csrf = secrets.token_hex(16)
    return {
        "user": user.username,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={csrf}",
        "csrf": csrf,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--raters", type=int, default=16)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()

    from django.contrib.auth import get_user_model

    from clips.models import ClipPage, TopicPage
    from contributions.models import Level, Profile

    users = get_user_model()
    people = []
    for n in range(args.raters + 2):  # a contributor, the raters, a reader
        user, created = users.objects.get_or_create(username=f"bench-{n:02d}")
        if created:
            user.set_unusable_password()
            user.save()
        # Every account has its profile from sign-up on (contributions.signals); so do these,
        # or the first rating of each would measure making one.
        Profile.objects.get_or_create(user=user)
        people.append(user)
    contributor = people[0]
    profile = Profile.objects.get(user=contributor)
    profile.level = Level.CONTRIBUTOR  # may upload: the memory scenario sends a 1 GB clip
    profile.save(update_fields=["level"])
    clips = list(ClipPage.objects.live().order_by("pk").values_list("pk", "url_path"))
    topic = TopicPage.objects.live().order_by("path").first()
    middle = clips[len(clips) // 2]
    root = "/home"  # url_path includes the site root page's slug
    print(
        json.dumps(
            {
                "clips": len(clips),
                "topic_slug": topic.slug,
                "clip_id": middle[0],
                "clip_url": middle[1].removeprefix(root),
                "topic_url": topic.url_path.removeprefix(root),
                "rate_clip_ids": [pk for pk, _url in clips[:: max(1, len(clips) // 50)]][:50],
                "reader": _session_for(people[-1]),
                "contributor": _session_for(contributor),
                "raters": [_session_for(user) for user in people[1:-1]],
            }
        )
    )


if __name__ == "__main__":
    main()
