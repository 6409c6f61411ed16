"""The ``gazette`` command: Django's management commands with Gazette's settings.

Examples::

    gazette migrate
    gazette load_demo
    DJANGO_SETTINGS_MODULE=gazette.settings.demo gazette runserver
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gazette.settings.production")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "gazette"
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"gazette: configuration error: {error}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
