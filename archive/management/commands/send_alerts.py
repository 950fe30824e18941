"""``manage.py send_alerts (--daily | --weekly | --due | --immediate)``: send saved-search alerts now.

Meant for cron or the docker-compose ``alerts`` service (django-tasks has no scheduler):
``--due`` every hour sends each daily digest once a day and each weekly one once a
week; ``--daily`` / ``--weekly`` send every digest of that kind now, for a cron line
that picks the time itself. The emails are sent by this process through the same code
as the workers' (archive.alerts); a failed one is logged, recorded as unsent and
queued again with backoff. Exit status 1 when any alert failed.
"""
from django.core.management.base import BaseCommand, CommandError

from archive.alerts import sending, tasks
from archive.models import SavedSearch


class Command(BaseCommand):
    help = "Send the alerts of readers' saved searches: daily or weekly digests, or those due."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--daily", action="store_true", help="send every daily digest now")
        which.add_argument("--weekly", action="store_true", help="send every weekly digest now")
        which.add_argument("--due", action="store_true",
                           help="send the daily digests not sent today and the weekly ones not sent for 7 days")
        which.add_argument("--immediate", action="store_true",
                           help="send the immediate alerts now (workers do so after every import)")

    def handle(self, *args, **options):
        if options["due"]:
            searches = sending.due_digests()
        else:
            frequency = next(name for name in ("daily", "weekly", "immediate") if options[name])
            searches = sending.alerting_searches(SavedSearch.Frequency(frequency))
        emails = articles = failed = 0
        for saved_search_id in searches:
            try:
                count = sending.send_alert(saved_search_id)
            except sending.AlertFailed as error:
                failed += 1
                self.stderr.write(f"not sent: {error}")
                tasks.schedule_retry(saved_search_id, 1)
                continue
            emails += bool(count)
            articles += count
        if options["verbosity"]:
            self.stdout.write(f"{len(searches)} saved searches, {emails} emails sent with {articles} articles, "
                              f"{failed} failed")
        if failed:
            raise CommandError(f"{failed} alerts could not be sent; they are queued again", returncode=1)
