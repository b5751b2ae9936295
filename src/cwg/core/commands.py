"""A base for `cwg` commands with subcommands: an argument error is one line on stderr."""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand


def one_line_errors(parser: argparse.ArgumentParser) -> None:
    """Argument errors print one line ("cwg council submit: error: …"), not the usage too, in
    the parser and each of its subcommands' (added later: they are found when parsing)."""
    parser.print_usage = lambda file=None: None
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for subparser in action.choices.values():
                one_line_errors(subparser)


class OneLineErrorsCommand(BaseCommand):
    """A command whose argument errors, in it or its subcommands, are one line on stderr."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        one_line_errors(parser)
        return parser
