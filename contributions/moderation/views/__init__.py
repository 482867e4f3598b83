"""Views of the community app, split by subject (learning, people, contributing)."""
