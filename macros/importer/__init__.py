"""`python -m macros import`: turns a received Word or text file into a period's pages and data file.

May import `macros.archive` and `macros.errors`; nothing from MkDocs or the site."""
