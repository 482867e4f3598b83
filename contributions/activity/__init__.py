"""Learner activity: ratings, views, watch progress, follows, and the /me/ endpoints."""
