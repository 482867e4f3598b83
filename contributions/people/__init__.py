"""People: profiles, the participation ladder and its promotions, community events."""
