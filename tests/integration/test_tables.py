from truthbyte_admin.data import tables


def test_create_tables_creates_only_what_is_missing_and_is_safe_to_rerun(dynamodb):
    created = tables.create_missing_tables(wait=False)
    assert len(created) == len(tables.catalogue()) == 9  # the game's seven + the admin's two
    assert tables.create_missing_tables(wait=False) == []
    reports = tables.check_tables()
    assert all(r.ok for r in reports)
    assert tables.categories_key() == "category_id"


def test_check_tables_reports_missing_tables_and_indexes(dynamodb):
    tables.create_missing_tables("name", only=[tables.CATEGORIES, tables.QUESTIONS], wait=False)
    reports = {r.kind: r for r in tables.check_tables()}
    assert reports[tables.QUESTIONS].exists
    assert not reports[tables.SUBMISSIONS].exists
    assert "name (HASH)" in reports[tables.CATEGORIES].key_schema
    assert tables.categories_key() == "name"
