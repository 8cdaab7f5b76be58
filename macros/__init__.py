"""The work-summary archive's Python package.

MkDocs loads it as the mkdocs-macros module (`module_name: macros` in mkdocs.yml); the
editors' commands run as `python -m macros …`. See the README for a map of the modules.
"""

from .mkdocs_module import define_env, on_post_build, on_post_page_macros, on_pre_page_macros

__all__ = ["define_env", "on_pre_page_macros", "on_post_page_macros", "on_post_build"]
