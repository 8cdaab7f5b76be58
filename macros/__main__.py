"""Editors' commands: `python -m macros new 2020-h2`, `python -m macros rename OLD NEW`."""

from .commands.cli import main

raise SystemExit(main())
