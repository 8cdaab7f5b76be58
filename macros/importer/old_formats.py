"""Old word-processor files (.doc, .wps, .rtf) become .docx through LibreOffice, run headless.

What a file is, is read from its first bytes, not its name:
- an OLE compound file (D0 CF 11 E0 A1 B1 1A E1) holding an `EncryptedPackage` stream is a
  Word document with an opening password (Word encrypts .docx this way): refused;
- another OLE compound file is a Word 97–2003 .doc — WPS Office's .wps is the same binary
  format — and is converted;
- a file that begins with `{\\rtf` is RTF, and is converted.
LibreOffice (`soffice --headless --convert-to docx`) runs with its own throwaway profile, so it
neither needs nor touches the editor's settings, and is stopped after CONVERT_SECONDS. Without
LibreOffice, one message tells how to save the file as .docx in Word or WPS.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .docx_package import refuse

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RTF_MAGIC = b"{\\rtf"
OLD_SUFFIXES = {".doc", ".wps", ".rtf", ".dot", ".wpt"}
CONVERT_SECONDS = 120
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_AS = ("请在 Word 中打开它，选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”；"
            "或在 WPS 文字中选择“文件 → 另存为”，文件类型选“Microsoft Word 文件（*.docx）”。然后导入那个 .docx 文件。")
KINDS = {".doc": "旧版 Word 文档（.doc）", ".wps": "WPS 文字文档（.wps）", ".rtf": "RTF 文档（.rtf）",
         ".dot": "旧版 Word 模板（.dot）", ".wpt": "WPS 模板（.wpt）"}


def is_encrypted_office(data: bytes) -> bool:
    """An OLE file holding an EncryptedPackage: an Office document with an opening password."""
    return data.startswith(OLE_MAGIC) and _ENCRYPTED in data[:1024 * 1024]


def refuse_encrypted(shown: str):
    return refuse("这个 Word 文件设置了打开密码（已加密），无法读取其中的文字。请在 Word 中打开它，"
                  "在“文件 → 信息 → 保护文档 → 用密码进行加密”中删去密码并保存，然后再导入。", shown)


def old_kind(data: bytes, suffix: str) -> str | None:
    """What old format the file is in ("旧版 Word 文档（.doc）" …), or None if it is not one."""
    if data.startswith(RTF_MAGIC):
        return KINDS[".rtf"]
    if data.startswith(OLE_MAGIC):
        return KINDS.get(suffix, KINDS[".doc"]) if suffix != ".rtf" else KINDS[".doc"]
    if suffix in OLD_SUFFIXES:
        return KINDS[suffix]
    return None


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def convert_to_docx(path: Path, kind: str, shown: str, work: Path) -> Path:
    """The file converted to .docx in `work` by LibreOffice, or one Chinese message saying what to do."""
    soffice = find_soffice()
    if soffice is None:
        raise refuse(f"这是{kind}，本机没有安装 LibreOffice，无法自动转换。{_SAVE_AS}", shown)
    source = work / ("received" + (path.suffix.lower() or ".doc"))
    shutil.copyfile(path, source)  # a plain ASCII name: LibreOffice names its output after its input
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=work))
    out = work / "converted"
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
               "--nodefault", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
               str(source)]
    env = {**os.environ, "HOME": str(work)}
    try:  # in a session of its own, so that on a timeout all of LibreOffice's processes are stopped
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    except OSError as error:
        raise refuse(f"这是{kind}，LibreOffice 无法启动（{error.strerror}）。{_SAVE_AS}", shown) from None
    try:
        returncode = process.wait(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        _stop(process)
        raise refuse(f"这是{kind}，用 LibreOffice 转换超过 {CONVERT_SECONDS} 秒仍未完成，已停止。{_SAVE_AS}", shown) from None
    converted = out / (source.stem + ".docx")
    if returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        raise refuse(f"这是{kind}，但 LibreOffice 无法转换它（文件可能已损坏或设置了密码）。{_SAVE_AS}", shown)
    return converted


def _stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        process.kill()
    process.wait()
