"""The ``gazette`` command: Django's management commands with Gazette's settings.

Examples::

    gazette migrate
    gazette load-demo
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
    # `gazette evaluate-threading` and `gazette evaluate_threading` are the same
    # command: Django names commands after their modules.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"gazette: configuration error: {error}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
