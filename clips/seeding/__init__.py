"""Demo and library seeding: the demo hub (``seed_hub``) and manifest imports (``import_clips``).

Modules stay small and single-purpose: ``content`` holds the words, ``videos`` makes and
stores demo videos, ``pages`` writes pages in bulk, ``people`` and ``activity`` make the hub
look lived in, ``submissions`` hands the moderation side a waiting submission, ``hub``
runs it all, ``importing`` reads and imports a manifest.
"""
