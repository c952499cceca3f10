"""Step 6, zip: the whole site as one reproducible zip for PCs without a network.

Two builds of the same commit give byte-identical zips: entries sorted, every timestamp
the commit's date, fixed permissions, nothing host-specific (the sitemap, which carries
the build date and the host's URL, stays out; so does 404.html, which only a server
shows)."""
from __future__ import annotations

import re
import subprocess
import time
import zipfile
from pathlib import Path

from . import pyodide_assets

# 404.html is for a server's missing pages; it is written with root-absolute paths
# (/assets/…), which break from disk, and nothing links to it (blind book QA 11)
LEAVE_OUT = {"sitemap.xml", "sitemap.xml.gz", "404.html"}
# the runtime as plain files, for the http path only (pages from disk load the parts)
LEAVE_OUT_DIRS = [pyodide_assets.HTTP_OUT.as_posix() + "/"]
README_NAME = "使用说明.txt"
README = """廊坊经济技术开发区人民法院制度汇编（离线版） {version}（{date}）

怎样打开
1. 先解压：在压缩包上点右键，选“全部解压缩”（或用其他解压软件），解压到任意文件夹。
   不要在压缩包里直接双击打开：在 Windows 上那样打开，页面、搜索和计算器都不能正常工作。
2. 打开解压后文件夹里的 index.html（双击即可），不需要网络，也不需要安装任何程序。

可以使用的浏览器
- 新版的 Chrome、Edge、360 安全浏览器（极速模式）、Firefox 均可。
- 不支持 IE 浏览器；360 等双核浏览器请切换到“极速模式”。

如果打不开或不能计算
- 页面提示“计算器无法启动”：请换用上面所列的浏览器；若单位电脑的浏览器禁止了本地文件运行脚本，
  请联系信息技术人员，或在装有 Python 的电脑上用命令行计算（每个计算器页面都写有命令）。
- 搜索框不出现：请确认已先解压，并从解压后的文件夹打开 index.html。
- 印刷版（PDF）在 downloads 文件夹中。
"""


def build_date(root: Path) -> tuple[str, int]:
    """The commit's date (YYYYMMDD, epoch): the same commit gives the same zip."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root,
                             capture_output=True, text=True, check=True).stdout.strip()
        epoch = int(out)
    except (subprocess.CalledProcessError, ValueError, FileNotFoundError):
        epoch = int(time.time())
    return time.strftime("%Y%m%d", time.gmtime(epoch)), epoch


def version(root: Path) -> str:
    text = (root / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^version = "([^"]+)"', text, re.M).group(1)


def write(root: Path, site: Path, dist: Path) -> Path:
    date, epoch = build_date(root)
    ver = version(root)
    dist.mkdir(exist_ok=True)
    target = dist / f"制度汇编-离线版-v{ver}-{date}.zip"
    for old in dist.glob("制度汇编-离线版-*.zip"):
        old.unlink()
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    files = sorted(p for p in site.rglob("*") if p.is_file() and p.name not in LEAVE_OUT
                   and not any(p.relative_to(site).as_posix().startswith(d) for d in LEAVE_OUT_DIRS))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        _add(zf, README_NAME, README.format(version=f"v{ver}", date=date).encode("utf-8"), stamp)
        for path in files:
            _add(zf, path.relative_to(site).as_posix(), path.read_bytes(), stamp)
    return target


def _add(zf: zipfile.ZipFile, name: str, data: bytes, stamp: tuple) -> None:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3
    info.flag_bits |= 0x800  # names in UTF-8 (Chinese file names open right on Windows)
    zf.writestr(info, data)
