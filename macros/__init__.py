"""The work-summary archive's Python package.

MkDocs loads it as the mkdocs-macros module (`module_name: macros` in mkdocs.yml); the
editors' commands run as `python -m macros …`. See the README for a map of the modules.

The mkdocs-macros entry points are loaded on first use (PEP 562), so that importing one
small module (`macros.browser` from dev.py, `macros.search_terms` from the search hook)
does not load MkDocs and the whole data layer.
"""

_ENTRY_POINTS = ("define_env", "on_pre_page_macros", "on_post_page_macros", "on_post_build")
__all__ = list(_ENTRY_POINTS)


def __getattr__(name: str):
    if name in _ENTRY_POINTS:
        from .site import mkdocs_module

        return getattr(mkdocs_module, name)
    raise AttributeError(f"module 'macros' has no attribute {name!r}")
