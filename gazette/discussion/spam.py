"""Advertising and repetition, for the standards' grammar (rule 5).

Advertising cues (``SPAM_STRONG``, ``SPAM_CUES``, ``SELLING``), links and
contact details (``LINK``, ``CONTACT``) and a phrase repeated within a comment
(``repeated``). ``conduct`` re-exports them and ``grammar.find`` applies them.
"""

from __future__ import annotations

import re
from collections import Counter

from gazette.discussion import lexicons as lx

SPAM_STRONG = re.compile(
    r"\b(?:casino|hot singles|singles in|doctors hate|one (?:weird |simple |odd )?"
    r"trick|(?:earn|make|made|making|earning) (?:\d[\d,.]*|up to \d[\d,.]*|"
    r"thousands|hundreds)\b.{0,30}\b(?:week|month|day|hour|from home)|from home"
    r"|free shipping|promo code|referral (?:code|link)|use (?:my|the) code|"
    r"bitcoin|crypto|forex|payday loans?|quick loans?|viagra|cialis|buy followers|"
    r"followers|best prices?|lowest prices?|cheap (?:\w+ )?(?:watches|handbags|"
    r"bags|flights|pills|meds|loans)|click (?:here|the link|my link|below)|"
    r"(?:lost|lose) \d+ ?(?:kg|kilos|pounds|lbs)|limited (?:time )?offer|order now|"
    r"act now|sign up (?:now|today|here)|guaranteed (?:income|returns|results)|"
    r"work from home|betting tips|free (?:spins|bets?|trial|gift)|dating site|"
    r"check out my|my profile|exclusive content|link in (?:my )?bio|xxx|"
    r"onlyfans|double your (?:money|investment|cash|savings|bitcoin)|with "
    r"(?:the |my )?(?:promo |discount |voucher )?code [a-z0-9]+|per ?cent off|"
    r"(?:make|earn|made) money (?:fast|online|from)|passive income|financial "
    r"freedom|investment opportunity|first (?:callout|call out|lesson|"
    r"consultation|visit) free|easy "
    r"money|no credit checks?|meet (?:beautiful|sexy|local|lonely|hot) "
    r"(?:women|men|singles|girls|ladies)|win an? (?:free|new)|text \w+ to \d+|"
    r"follow me on|giveaways?|use code|discount code)\b"
)
SPAM_CUES = re.compile(
    r"\b(?:buy|cheap|discount|offer|deal|deals|sale|prices?|guaranteed|free|"
    r"visit|call|whatsapp|telegram|dm me|message me|text me|contact me|earn|income|"
    r"profit|invest|investment|loans?|dating|weight|order|quality|shipping|"
    r"subscribe|follow me|my channel|my blog|my site|my page|repairs|services|"
    r"best|bonus|win|winner|prize|cash|reliable|affordable|experience|years "
    r"experience|professional|callout|quotes?|book now|booking|vouchers?|looking for"
    r" an?|ltd|sons|exclusive)\b"
)
LINK = re.compile(
    r"https?://|www\.|\b[a-z0-9\-]+\.(?:com|net|org|biz|info|io|co|"
    r"app|club|shop|xyz|online|site|store|top|win|vip|me|ly|uk)\b"
)
SELLING = re.compile(
    r"\b(?:buy|cheap|cheapest|discount|sale|earn|income|profit|loans?|dating|"
    r"singles|subscribe|order now|casino|bonus|prize|followers|insurance|offer|"
    r"lonely|per cent off|% off|off at)\b"
)
CONTACT = re.compile(r"https?://|www\.|@|\d{3}[\s.\-]?\d{3}")
STOP = lx.words(
    """
    a an the and or of to in on at for is are was were it this that i you he she we
    they be by with as not
    """
)


def repeated(words: list[str]) -> str | None:
    """Return a phrase repeated within the comment (spam), or None."""
    # No phrase occurs more often than its first word: where even the most
    # frequent word is too rare to make up 40% of the comment as a 4-word
    # phrase, no phrase can (the cheap answer for long, ordinary comments).
    top = max(Counter(words).values(), default=0)
    if top * 4 < 0.4 * len(words):
        return None
    for size, least in ((4, 2), (3, 3), (2, 4)):
        grams = Counter(
            tuple(words[i : i + size]) for i in range(len(words) - size + 1)
        )
        for gram, count in grams.most_common(1):
            # The phrase must make up much of the comment: a long comment may
            # well say "the people who" twice.
            if (
                count >= least
                and count * size >= 0.4 * len(words)
                and sum(w not in STOP for w in gram) >= 2
            ):
                return " ".join(gram)
    return None
