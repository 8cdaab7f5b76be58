"""Helpers for the tests of the offline copy: made once per test run, and unzipped."""

from __future__ import annotations

import zipfile
from pathlib import Path

from macros.export.offline import FOLDER, make_offline_bundle

_BUNDLES: dict[tuple[str, bool], Path] = {}


def offline_bundle(project: Path, workdir: Path, pdf: bool = True) -> Path:
    """The zip `python -m macros offline` makes of `project`, made once per test run (quietly)."""
    key = (str(project), pdf)
    if key not in _BUNDLES:
        workdir.mkdir(parents=True, exist_ok=True)
        _BUNDLES[key] = make_offline_bundle(project, workdir / f"{FOLDER}.zip", pdf=pdf, say=lambda line: None)
    return _BUNDLES[key]


def real_offline_copy(factory) -> Path:
    """The real archive's bundle (with its PDFs), unzipped: made once per test run, for every test process."""
    from support import ROOT, made_once

    def make(folder: Path) -> None:
        unzipped(make_offline_bundle(ROOT, folder / f"{FOLDER}.zip", say=lambda line: None), folder / "unzipped")

    return made_once(factory, "offline-bundle", make)[0] / "unzipped" / FOLDER


def unzipped(bundle: Path, destination: Path) -> Path:
    """The bundle unzipped as a reader would: the folder that holds index.html."""
    if not (destination / FOLDER / "index.html").is_file():
        with zipfile.ZipFile(bundle) as archive:
            archive.extractall(destination)
    return destination / FOLDER
