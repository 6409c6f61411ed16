"""``gazette ingest-article-reads``: count article reads from nginx's access log."""

from gazette.links.ingest import IngestCommand
from gazette.readership.ingest import ARTICLE_READS


class Command(IngestCommand):
    help = (
        "Count the article reads nginx logged since the last run, pages served "
        "from its micro-cache included (GAZETTE_READS_COUNTING=log; "
        "docs/readership.md). Run every minute by "
        "deploy/systemd/gazette-article-reads.timer. Example: "
        "gazette ingest-article-reads /var/log/nginx/gazette-reads.log"
    )
    counting = ARTICLE_READS
    log_setting = "GAZETTE_READS_ACCESS_LOG"
