"""import-cms (the maintainer's importer of the bundled tables) reads and checks every
file before it writes any table, and writes them all together or not at all."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import cms_files
import pytest

from optimizer.data_files import DATA_DIR
from optimizer.errors import InputFileError, UnknownYearError
from optimizer.sources.importer import import_cms


def write_cms_dir(folder: Path, ia, quality, mvps) -> Path:
    for name, records in (("ia", ia), ("quality", quality), ("mvp", mvps)):
        (folder / name).mkdir(parents=True, exist_ok=True)
        text = records if isinstance(records, str) else json.dumps(records)
        (folder / name / "2026.json").write_text(text)
    return folder


def good_files() -> tuple[list, list, list]:
    records = cms_files.measures_2026()
    return (
        [r for r in records if r["category"] == "ia"],
        [r for r in records if r["category"] == "quality"],
        cms_files.mvps_2026(),
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the bundled tables to import into."""
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.csv"))}


def test_rebuilds_the_bundled_tables(tmp_path, data_dir):
    """CMS-shaped 2026 files give back the bundled 2026 tables byte for byte."""
    before = snapshot(data_dir)
    cms_dir = write_cms_dir(tmp_path / "cms", *good_files())

    import_cms(cms_dir, [2026], data_dir)

    assert before == snapshot(data_dir)


def test_quality_record_without_measure_id(tmp_path, data_dir):
    """A quality record lacking measureId is refused, naming the record; nothing is written."""
    ia, quality, mvps = good_files()
    quality[3] = {k: v for k, v in quality[3].items() if k != "measureId"}
    cms_dir = write_cms_dir(tmp_path / "cms", ia, quality, mvps)
    before = snapshot(data_dir)

    with pytest.raises(InputFileError) as info:
        import_cms(cms_dir, [2026], data_dir)

    assert (
        f"{cms_dir}/quality/2026.json, record 4 (Coronary Artery Disease (CAD): Antiplatelet "
        "Therapy): a quality measure needs 'measureId' (text), got nothing"
    ) == str(info.value)
    assert before == snapshot(data_dir)


def test_mvps_without_activities(tmp_path, data_dir):
    """MVPs lacking iaMeasureIds are refused; the bundled MVP rows stay."""
    ia, quality, mvps = good_files()
    mvps = [{k: v for k, v in m.items() if k != "iaMeasureIds"} for m in mvps]
    cms_dir = write_cms_dir(tmp_path / "cms", ia, quality, mvps)
    before = snapshot(data_dir)

    with pytest.raises(InputFileError) as info:
        import_cms(cms_dir, [2026], data_dir)

    assert (
        f"{cms_dir}/mvp/2026.json, record 1 (G0053): an MVP needs 'iaMeasureIds' (a list of "
        "IDs), got nothing"
    ) == str(info.value)
    assert before == snapshot(data_dir)


@pytest.mark.parametrize("folder", ["ia", "quality", "mvp"])
def test_deeply_nested_json(tmp_path, data_dir, folder):
    """Deeply nested JSON in any of the three files is refused in words (no RecursionError)."""
    files = dict(zip(("ia", "quality", "mvps"), good_files(), strict=True))
    files["mvps" if folder == "mvp" else folder] = "[" * 100_000 + "]" * 100_000
    cms_dir = write_cms_dir(tmp_path / "cms", files["ia"], files["quality"], files["mvps"])
    before = snapshot(data_dir)

    with pytest.raises(InputFileError) as info:
        import_cms(cms_dir, [2026], data_dir)

    assert (
        f"{cms_dir}/{folder}/2026.json nests lists or objects more than 32 deep; this is not "
        "CMS's file"
    ) == str(info.value)
    assert before == snapshot(data_dir)


def test_a_year_without_a_rules_row_is_refused(tmp_path, data_dir):
    """The year after the rules table has rules carried forward for planning, but the
    maintainer's importer still needs the year's own row: refused, nothing written."""
    cms_dir = write_cms_dir(tmp_path / "cms", *good_files())
    for name in ("ia", "quality", "mvp"):
        (cms_dir / name / "2026.json").rename(cms_dir / name / "2027.json")
    before = snapshot(data_dir)

    with pytest.raises(UnknownYearError, match=r"No row for performance year 2027 in .*rules.csv"):
        import_cms(cms_dir, [2027], data_dir)

    assert before == snapshot(data_dir)
