"""The `cwg` console script: every Django management command, with hyphenated names accepted."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwg.settings")
    # Commands are spelled with hyphens on the command line (`cwg load-demo`) but
    # Django finds them by module name, which cannot contain a hyphen.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as exc:
        # A bad setting is the operator's to fix: one line per mistake, not a traceback.
        for line in str(exc).splitlines() or [type(exc).__name__]:
            sys.stderr.write(f"cwg: configuration refused: {line}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
