"""The website: mkdocs-macros wiring, the macros' HTML, navigation, pages made from data, hooks, build checks.

May import `macros.archive` and `macros.errors`; the only part that imports MkDocs."""
