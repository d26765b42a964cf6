"""`kb ingest` into the database: articles with versions, no-op re-ingest, bad files named, catalog rows."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy.orm import Session

from phasegate.knowledge import service
from phasegate.store.models import Product
from tests.knowledge.conftest import HELPCENTER


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "hc"
    shutil.copytree(HELPCENTER, folder)
    return folder


def test_ingest_creates_articles_with_metadata_and_catalog(db: Session, tmp_path: Path) -> None:
    """Every article file becomes an article at version 1; the catalog file fills products."""
    report = service.ingest_dir(db, _copy(tmp_path))
    assert report.ok and len(report.created) == 14 and report.chunks > 14
    returns = service.get(db, article_id="returns")
    assert returns is not None and returns.title == "Returns and exchanges" and returns.section == "Orders"
    assert returns.current_version == 1 and returns.meta == {"path": "returns.md"}
    html = service.get(db, article_id="international")
    assert html is not None and html.title.startswith("International shipping")
    assert report.products_created == 6
    jacket = db.get(Product, "P-JKT-TRAIL")
    assert jacket is not None and jacket.specs == {
        "waterproof_mm": 20000,
        "fit": "runs small",
        "weight_g": 310,
    }


def test_reingesting_unchanged_files_is_a_no_op(db: Session, tmp_path: Path) -> None:
    """The same folder twice: everything unchanged, no new version."""
    folder = _copy(tmp_path)
    service.ingest_dir(db, folder)
    again = service.ingest_dir(db, folder)
    assert again.created == [] and again.updated == [] and len(again.unchanged) == 14
    row = service.get(db, article_id="returns")
    assert row is not None and len(row.versions) == 1


def test_a_changed_file_makes_a_new_version_and_keeps_the_old(db: Session, tmp_path: Path) -> None:
    """Editing one article adds version 2 (now current); version 1 stays readable; chunks follow."""
    folder = _copy(tmp_path)
    service.ingest_dir(db, folder)
    path = folder / "returns.md"
    path.write_text(path.read_text().replace("30 days of delivery", "45 days of delivery"))
    report = service.ingest_dir(db, folder)
    assert report.updated == ["returns"] and len(report.unchanged) == 13
    row = service.get(db, article_id="returns")
    assert row is not None and row.current_version == 2
    assert [v.version for v in row.versions] == [1, 2]
    assert "30 days" in row.versions[0].body and "45 days" in row.versions[1].body
    texts = [c.text for c in service.current_chunks(db) if c.article_id == "returns"]
    assert any("45 days" in t for t in texts) and not any("30 days of delivery" in t for t in texts)
    assert {c.version for c in service.current_chunks(db) if c.article_id == "returns"} == {2}


def test_bad_files_are_named_and_the_rest_ingested(db: Session, tmp_path: Path) -> None:
    """Unreadable, empty, unknown-format and duplicate-id files are reported by name; good ones land."""
    folder = tmp_path / "hc"
    folder.mkdir()
    (folder / "good.md").write_text("# Good\n\nBody.\n")
    (folder / "empty.md").write_text("   \n")
    (folder / "latin1.txt").write_bytes("caf\xe9 ol\xe9".encode("latin-1"))
    (folder / "picture.png").write_bytes(b"\x89PNG")
    (folder / "other.md").write_text("---\nid: good\n---\n# Dup\n\nSame id.\n")
    (folder / "catalog.json").write_text('[{"id": "P1", "name": "Mug"}, {"id": "P2"}]')
    report = service.ingest_dir(db, folder)
    assert report.created == ["good"]
    named = dict(report.rejected)
    assert set(named) == {"empty.md", "latin1.txt", "picture.png", "other.md", "catalog.json record 2"}
    assert "already used by" in named["other.md"] and "UTF-8" in named["latin1.txt"]
    assert "name" in named["catalog.json record 2"]
    assert report.products_created == 1 and not report.ok


def test_prune_deactivates_articles_gone_from_the_folder(db: Session, tmp_path: Path) -> None:
    """With prune, a deleted file's article leaves retrieval; adding it back reactivates it."""
    folder = _copy(tmp_path)
    service.ingest_dir(db, folder)
    moved = (folder / "giftcards.md").read_text()
    (folder / "giftcards.md").unlink()
    report = service.ingest_dir(db, folder, prune=True)
    assert report.deactivated == ["gift-cards"]
    assert "gift-cards" not in {c.article_id for c in service.current_chunks(db)}
    (folder / "giftcards.md").write_text(moved)
    back = service.ingest_dir(db, folder)
    assert back.updated == ["gift-cards"]
    assert "gift-cards" in {c.article_id for c in service.current_chunks(db)}


def test_catalog_csv_reads_specs_columns_and_lists(db: Session, tmp_path: Path) -> None:
    """A CSV catalog: `specs.KEY` columns become specs with typed values, materials split on ';'."""
    folder = tmp_path / "hc"
    folder.mkdir()
    (folder / "faq.md").write_text("# FAQ\n\nText.\n")
    (folder / "catalog.csv").write_text(
        "id,name,kind,price,materials,specs.dishwasher_safe,specs.capacity_ml,final_sale\n"
        "M1,Camp Mug,drinkware,24.5,steel;enamel,true,350,no\n"
    )
    report = service.ingest_dir(db, folder)
    assert report.ok and report.products_created == 1
    mug = db.get(Product, "M1")
    assert mug is not None and mug.specs == {"dishwasher_safe": True, "capacity_ml": 350}
    assert mug.materials == ["steel", "enamel"] and mug.final_sale is False
