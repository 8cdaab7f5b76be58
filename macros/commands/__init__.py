"""The editors' command line (`python -m macros …`) and the commands that change the archive (`new`, `rename`).

The top layer: may import every other sub-package."""
