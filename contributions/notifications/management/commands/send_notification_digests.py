from django.core.management.base import BaseCommand

from contributions.notifications.services import digests_send


class Command(BaseCommand):
    help = "E-mail each person who chose a daily digest their notifications not yet sent."

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(f"Sent {sent} digest e-mail{'' if sent == 1 else 's'}.")
