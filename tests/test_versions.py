"""Versions and 时效性 from the dates in the sources: which version is in force on a day,
the status of each, the file:line errors of bad version files, the amend and repeal
commands (new file, nothing else changed), and the fidelity check on first versions."""
from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import amend, seed, sources, versions
from handbook.sources import BuildError

ROOT = Path(__file__).resolve().parent.parent
GOOD = Path(__file__).parent / "fixtures" / "good"
D = datetime.date


@pytest.fixture
def regs_dir(tmp_path: Path) -> Path:
    shutil.copytree(GOOD, tmp_path / "regs")
    return tmp_path / "regs"


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def run_build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_amend_writes_a_new_file_and_changes_nothing_else(regs_dir):
    before = snapshot(regs_dir)
    done = run_build("amend", "contract-staff", "--effective", "2027-03-01", "--regulations", str(regs_dir))
    assert done.returncode == 0, done.stderr
    assert "01-contract-staff.2027-03-01.md" in done.stdout
    after = snapshot(regs_dir)
    assert {k: v for k, v in after.items() if k in before} == before
    assert set(after) - set(before) == {"01-contract-staff.2027-03-01.md"}
    new = (regs_dir / "01-contract-staff.2027-03-01.md").read_text(encoding="utf-8")
    old = before["01-contract-staff.md"].decode("utf-8")
    assert "effective_date: 2027-03-01" in new and "source_lines" not in new
    assert new.split("\n---\n", 1)[1] == old.split("\n---\n", 1)[1]      # the same body


def test_status_and_in_force_from_the_dates(regs_dir):
    amend.amend(regs_dir, "contract-staff", D(2027, 3, 1))
    amend.amend(regs_dir, "contract-staff", D(2028, 1, 1))
    amend.repeal(regs_dir, "performance-assessment", D(2027, 6, 1))

    def state(today):
        regs = sources.load(regs_dir, today)
        work = next(r for r in regs if r.slug == "contract-staff")
        return regs, work, [versions.status(v) for v in work.versions]

    regs, work, statuses = state(D(2026, 12, 31))
    assert statuses == ["现行有效", "尚未生效", "尚未生效"] and work.version == ""
    regs, work, statuses = state(D(2027, 3, 1))
    assert statuses == ["已修改", "现行有效", "尚未生效"] and work.version == "2027-03-01"
    regs, work, statuses = state(D(2029, 1, 1))
    assert statuses == ["已修改", "已修改", "现行有效"] and work.version == "2028-01-01"
    assert [v.effective for v in versions.all_versions(regs, "contract-staff")] == [None, D(2027, 3, 1), D(2028, 1, 1)]
    assert [v.end for v in versions.all_versions(regs, "contract-staff")] == [D(2027, 3, 1), D(2028, 1, 1), None]
    # in force on a day, whatever day the build takes as today
    assert versions.in_force(regs, "contract-staff", D(2020, 1, 1)).version == ""
    assert versions.in_force(regs, "contract-staff", D(2027, 2, 28)).version == ""
    assert versions.in_force(regs, "contract-staff", D(2027, 3, 1)).version == "2027-03-01"
    assert versions.in_force(regs, "contract-staff", D(2031, 1, 1)).version == "2028-01-01"
    # repealed: in force up to the day before, 已废止 from that day, still at its URL
    assert versions.in_force(regs, "performance-assessment", D(2027, 5, 31)) is not None
    assert versions.in_force(regs, "performance-assessment", D(2027, 6, 1)) is None
    pa = next(r for r in regs if r.slug == "performance-assessment")
    assert versions.status(pa) == "已废止" and versions.status(pa, D(2027, 5, 31)) == "现行有效"
    with pytest.raises(KeyError):
        versions.in_force(regs, "no-such-rule", D(2027, 1, 1))


def test_article_text_reads_a_version(regs_dir):
    path = amend.amend(regs_dir, "contract-staff", D(2027, 3, 1))
    path.write_text(path.read_text(encoding="utf-8").replace("病假期间工资待遇。", "病假期间工资待遇照发。"),
                    encoding="utf-8")
    regs = sources.load(regs_dir, D(2027, 6, 1))
    old = versions.in_force(regs, "contract-staff", D(2027, 1, 1))
    new = versions.in_force(regs, "contract-staff", D(2027, 6, 1))
    assert old.article_text("第十三条") == "第十三条　病假期间工资待遇。"
    assert new.article_text("第十三条") == "第十三条　病假期间工资待遇照发。"
    assert new.article_text("第十五条").split("\n") == [
        "第十五条　聘用人员有下列情形之一，可以解除劳动合同:", "(一)严重违反纪律或本院规章制度的;", "(四)连续旷工超过三天;"]
    assert "《绩效考核实施细则》" in new.article_text("第十六条") and "reg:" not in new.article_text("第十六条")
    with pytest.raises(KeyError):
        new.article_text("第九十条")


def test_unknown_dates_stay_unknown(regs_dir):
    """No date in the text: 未载明, in force until a later version or a repeal says otherwise."""
    regs = sources.load(regs_dir, D(2030, 1, 1))
    for reg in regs:
        assert reg.effective is None and versions.day(reg.effective) == "未载明"
        assert versions.status(reg) == "现行有效" and reg.end is None
        assert versions.in_force(regs, reg.slug, D(1990, 1, 1)) is reg


def edited(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def fails(directory: Path, path: Path, line: int, words: str) -> None:
    with pytest.raises(BuildError) as err:
        sources.load(directory, D(2027, 1, 1))
    assert str(err.value).startswith(f"{path}:{line}: "), str(err.value)
    assert words in str(err.value)


def test_version_errors_name_file_and_line(regs_dir):
    path = amend.amend(regs_dir, "contract-staff", D(2027, 3, 1))
    edited(path, "effective_date: 2027-03-01", "effective_date: 2027-04-01")
    fails(regs_dir, path, 11, "must be 2027-03-01, the date in the file name")
    edited(path, "effective_date: 2027-04-01", "effective_date: 2027-03-01\nrepealed: 2027-02-01")
    fails(regs_dir, path, 12, "is before effective_date")
    edited(path, "repealed: 2027-02-01", "repealed: 2027-05-01")
    first = regs_dir / "01-contract-staff.md"
    edited(first, "effective: 本办法", "effective_date: 2028-01-01\neffective: 本办法")
    fails(regs_dir, path, 11, "is not after 2028-01-01")
    edited(first, "effective_date: 2028-01-01\n", "repealed: 2026-01-01\n")
    fails(regs_dir, first, 9, "only the last version can be repealed")
    edited(first, "repealed: 2026-01-01\n", "")
    edited(path, "effective_date: 2027-03-01", "effective_date: 2027-03-01 10:00")
    with pytest.raises(BuildError, match="effective_date' must be a date YYYY-MM-DD"):
        sources.load(regs_dir)
    edited(path, "effective_date: 2027-03-01 10:00", 'effective_date: "2027-03-01"')
    fails(regs_dir, path, 11, "write the date without quotes")
    edited(path, 'effective_date: "2027-03-01"', "effective_date: 2027-02-30")
    fails(regs_dir, path, 11, "not a date of the calendar (day is out of range for month)")


def test_a_dated_file_needs_its_first_version(regs_dir):
    lone = regs_dir / "03-lone-rule.2027-01-01.md"
    text = (regs_dir / "02-performance-assessment.md").read_text(encoding="utf-8")
    lone.write_text(text.replace("order: 2", "order: 3").replace("effective: null", "effective: null\neffective_date: 2027-01-01"),
                    encoding="utf-8")
    fails(regs_dir, lone, 1, "needs the first version 03-lone-rule.md")


def test_chapter_must_be_in_chapters_yml(regs_dir):
    path = regs_dir / "02-performance-assessment.md"
    edited(path, "chapter: 2", "chapter: 5")
    fails(regs_dir, path, 4, "chapter 5 is not in chapters.yml")
    with (regs_dir / "chapters.yml").open("a", encoding="utf-8") as out:
        out.write("- number: 5\n  title: 第五章 新增制度\n  title_supplied: false\n")
    assert {r.meta["chapter"] for r in sources.load(regs_dir)} == {2, 5}


def test_edit_commands_refuse_in_chinese_without_a_traceback(regs_dir):
    cases = [
        (["amend", "no-such-rule", "--effective", "2027-01-01"], "没有名为“no-such-rule”的制度"),
        (["amend", "contract-staff", "--effective", "2027-02-30"], "无法识别"),
        (["repeal", "contract-staff", "--effective", "1月1日"], "无法识别"),
    ]
    for args, words in cases:
        done = run_build(*args, "--regulations", str(regs_dir))
        assert done.returncode == 1 and words in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert run_build("amend", "contract-staff", "--effective", "2027-01-01", "--regulations", str(regs_dir)).returncode == 0
    before = snapshot(regs_dir)
    done = run_build("amend", "contract-staff", "--effective", "2026-12-01", "--regulations", str(regs_dir))
    assert done.returncode == 1 and "须晚于" in done.stderr
    done = run_build("repeal", "contract-staff", "--effective", "2026-12-01", "--regulations", str(regs_dir))
    assert done.returncode == 1 and "早于" in done.stderr
    assert snapshot(regs_dir) == before                         # a refusal writes nothing
    assert run_build("repeal", "contract-staff", "--effective", "2027-06-01", "--regulations", str(regs_dir)).returncode == 0
    done = run_build("amend", "contract-staff", "--effective", "2027-09-01", "--regulations", str(regs_dir))
    assert done.returncode == 1 and "已于2027-06-01废止" in done.stderr


def test_fidelity_is_checked_on_the_first_versions(tmp_path):
    """An amendment that carries a line does not hide that its first version lost it."""
    regs = tmp_path / "regs"
    shutil.copytree(ROOT / "regulations", regs)
    assert seed.check_sources(regs) == []
    amend.amend(regs, "contract-staff", D(2027, 1, 1))
    first = regs / "11-contract-staff.md"
    line = "本办法由院党组负责解释。"
    edited(first, line, "")
    assert [t for _, t in seed.check_sources(regs)] == ["第十七条" + line]


@pytest.mark.parametrize("args, says", [
    (["amend"], "缺少参数"),
    (["amend", "contract-staff"], "缺少参数：--effective"),
    (["amend", "contract-staff", "--effective", "2027-03-01", "--typo"], "无法识别的参数：--typo"),
    (["import", "x.docx", "--chapter", "二"], "参数 --chapter 应为整数"),
])
def test_a_mistyped_edit_command_is_answered_in_chinese(regs_dir, args, says):
    before = snapshot(regs_dir)
    done = run_build(*args, "--regulations", str(regs_dir))
    assert done.returncode == 2
    assert "未完成：命令参数有误" in done.stderr and says in done.stderr, done.stderr
    assert "required" not in done.stderr and "unrecognized" not in done.stderr and "usage:" not in done.stderr
    assert snapshot(regs_dir) == before


def test_the_compare_follows_a_renumbered_article_to_its_new_number(regs_dir):
    """An article inserted renumbers the ones after it: each is compared with its own old
    text (only its number marked), not with the article that now bears its old number."""
    from handbook import diff

    new = amend.amend(regs_dir, "contract-staff", D(2027, 3, 1))
    text = new.read_text(encoding="utf-8")
    text = text.replace("### 第十六条", "### 第十七条").replace("effective_at: 第十六条", "effective_at: 第十七条")
    text = text.replace("### 第十五条", "### 第十六条")
    text = text.replace("### 第十六条", "### 第十四条\n\n聘用人员因工负伤的，停工留薪期内工资照发。\n\n### 第十六条", 1)
    text = text.replace("- (四)连续旷工超过三天;", "- (二)连续旷工超过三天;")
    new.write_text(text, encoding="utf-8")
    work = next(r for r in sources.load(regs_dir, D(2027, 7, 1)) if r.slug == "contract-staff")
    rows = {row.id: row for row in diff.compare(*work.versions)}
    assert rows["第十四条"].kind == "added" and "因工负伤" in rows["第十四条"].new
    assert rows["第十六条"].kind == "changed" and rows["第十六条"].old_label == "第十五条"
    assert "可以解除劳动合同" in rows["第十六条"].old and "因工负伤" not in rows["第十六条"].old
    assert rows["第十七条"].kind == "renumbered" and "本办法自发行之日起施行" in rows["第十七条"].old
    assert "<del>六</del>" in rows["第十七条"].old and "<ins>七</ins>" in rows["第十七条"].new
    assert [r.kind for r in rows.values()].count("removed") == 0
    assert diff.summary(list(rows.values()))["renumbered"] == 1


def test_a_repeal_of_a_regulation_the_calculators_apply_is_warned(tmp_path, capsys):
    """The calculators compute dates after a repeal with the repealed rules: the build says
    so, naming the regulation, the date and the calculators."""
    import calculators
    from handbook import parameters

    regs_dir = tmp_path / "regulations"
    shutil.copytree(ROOT / "regulations", regs_dir)
    amend.repeal(regs_dir, "contract-staff", D(2026, 10, 1))
    parameters.check(sources.load(regs_dir, D(2026, 11, 30)), calculators.available(), today=D(2026, 11, 30))
    err = capsys.readouterr().err
    assert "calculators/contract-staff.toml: 聘用人员管理办法已于2026-10-01废止" in err
    assert "leave-pay" in err and "performance-assessment.toml" not in err
