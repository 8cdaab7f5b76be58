"""`python -m macros check`: the proofreader's findings (numbering, repeats, marks, period wording) on pages.

May import `macros.archive` and `macros.errors`; nothing from MkDocs or the site."""
