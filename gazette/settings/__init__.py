"""Settings for Gazette.

``base`` holds everything shared; ``production`` (the default of the ``gazette``
command), ``demo`` and ``test`` adjust it. Every value an installation changes
comes from the environment and is documented in docs/settings.md.
"""
