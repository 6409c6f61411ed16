"""Every write an import makes, behind one name for callers.

Views, commands and the drop folder call ``services``; the work is in one
module per concern, whose public functions this module re-exports:

- ``reporting``: ``ImportReport``, ``ImportError_``, ``run_once`` (dry runs);
- ``records``: ``ImportedItem`` records, unique slugs, redirects;
- ``media``: pictures found under ``--media`` and stored;
- ``wordpress_services`` (with ``wordpress_survey``, ``wordpress_comments``,
  ``wordpress_redirects``): ``import_wordpress``;
- ``wire_services``: ``import_ninjs``, ``import_newsml``;
- ``feed_services``: ``import_feed`` (RSS and Atom, through ``wire_services``);
- ``export_services``: ``export_ninjs``.

The parsing and mapping are in the pure modules (``wxr``, ``bodies``,
``shortcodes``, ``ninjs``, ``newsml``).
"""

from .export_services import export_ninjs
from .feed_services import import_feed
from .media import media_file, store_image
from .records import add_redirect
from .reporting import ImportError_, ImportReport, Progress, checksum, run_once
from .wire_services import import_newsml, import_ninjs
from .wordpress_services import WordPressImport, import_wordpress
from .wordpress_survey import read_section_map

__all__ = [
    "ImportError_",
    "ImportReport",
    "Progress",
    "WordPressImport",
    "add_redirect",
    "checksum",
    "export_ninjs",
    "import_feed",
    "import_newsml",
    "import_ninjs",
    "import_wordpress",
    "media_file",
    "read_section_map",
    "run_once",
    "store_image",
]
