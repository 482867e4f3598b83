"""The demo hub (``manage.py seed_hub``): topics, clips with real videos, people and activity.

Kept apart from the runtime apps because it depends on all of them (it seeds clips, people,
ratings and submissions) and none of them may depend on it. ``content`` holds the words (a
YAML starter pack), ``videos`` makes and stores demo videos, ``pages`` writes pages in bulk,
``people`` and ``activity`` make the hub look lived in, ``submissions`` hands the moderation
side a waiting submission, ``hub`` runs it all. The production import of a real library
(``import_clips``) lives in ``clips.importing``.
"""
