"""Which user agents are not readers: one rule for the app and the log ingest."""

import re

# Not counted: crawlers, link previews (chat apps unfurl every link posted),
# monitors, command-line and library clients, and requests without a user
# agent. Browsers all send one; the rest is not a reader.
BOT_USER_AGENT_RE = re.compile(
    r"bot|crawl|spider|slurp|archiver|preview|facebookexternalhit|embedly|"
    r"whatsapp|curl|wget|python|httpx|http-client|httpclient|libwww|go-http|"
    r"java/|okhttp|axios|node-fetch|headless|phantomjs|lighthouse|monitor|"
    r"uptime|pingdom|scanner|validator|feedfetcher",
    re.IGNORECASE,
)


def is_bot(user_agent: str) -> bool:
    """Return whether a user agent is a robot, a preview or a script (not counted)."""
    return not user_agent or BOT_USER_AGENT_RE.search(user_agent) is not None
