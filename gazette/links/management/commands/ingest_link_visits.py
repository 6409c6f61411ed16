"""``gazette ingest-link-visits``: count short link visits from nginx's access log."""

from gazette.links.ingest import SHORT_LINK_VISITS, IngestCommand


class Command(IngestCommand):
    help = (
        "Count the short link visits nginx logged since the last run "
        "(GAZETTE_LINK_COUNTING=log; docs/links.md). Run every minute by "
        "deploy/systemd/gazette-link-visits.timer. Example: "
        "gazette ingest-link-visits /var/log/nginx/gazette-shortlinks.log"
    )
    counting = SHORT_LINK_VISITS
    log_setting = "GAZETTE_LINK_ACCESS_LOG"
