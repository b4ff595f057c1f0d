"""Ids never reused, and a search index any SQLite client can keep right.

The article, code, highlight and note ids become AUTOINCREMENT, so an id once given is never given
again (undo, exports and cross-references name a row by id). The search index's views and
triggers become plain SQL (folding as nested replace(), boilerplate cut out with json_each), so
``UPDATE`` and ``DELETE`` from any SQLite tool keep it right; the fold version is recorded in
``project_info`` and every index is rebuilt.

The statements are literal: what this revision does never changes with the code.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

STATEMENTS = [
    'DROP TRIGGER IF EXISTS article_fts_ai',
    'DROP TRIGGER IF EXISTS article_fts_ad',
    'DROP TRIGGER IF EXISTS article_fts_au',
    'DROP TRIGGER IF EXISTS article_fts_bd',
    'DROP TRIGGER IF EXISTS article_fts_bu',
    'DROP TABLE IF EXISTS article_fts',
    'DROP VIEW IF EXISTS article_search',
    'DROP VIEW IF EXISTS article_fold5',
    'DROP VIEW IF EXISTS article_fold4',
    'DROP VIEW IF EXISTS article_fold3',
    'DROP VIEW IF EXISTS article_fold2',
    'DROP VIEW IF EXISTS article_fold1',
    'DROP VIEW IF EXISTS article_fold0',
    'DROP TRIGGER IF EXISTS caption_fts_ai',
    'DROP TRIGGER IF EXISTS caption_fts_ad',
    'DROP TRIGGER IF EXISTS caption_fts_au',
    'DROP TRIGGER IF EXISTS caption_fts_bd',
    'DROP TRIGGER IF EXISTS caption_fts_bu',
    'DROP TABLE IF EXISTS caption_fts',
    'DROP VIEW IF EXISTS caption_search',
    'DROP VIEW IF EXISTS caption_fold5',
    'DROP VIEW IF EXISTS caption_fold4',
    'DROP VIEW IF EXISTS caption_fold3',
    'DROP VIEW IF EXISTS caption_fold2',
    'DROP VIEW IF EXISTS caption_fold1',
    'DROP VIEW IF EXISTS caption_fold0',
    'DROP TRIGGER IF EXISTS highlight_fts_ai',
    'DROP TRIGGER IF EXISTS highlight_fts_ad',
    'DROP TRIGGER IF EXISTS highlight_fts_au',
    'DROP TRIGGER IF EXISTS highlight_fts_bd',
    'DROP TRIGGER IF EXISTS highlight_fts_bu',
    'DROP TABLE IF EXISTS highlight_fts',
    'DROP VIEW IF EXISTS highlight_search',
    'DROP VIEW IF EXISTS highlight_fold5',
    'DROP VIEW IF EXISTS highlight_fold4',
    'DROP VIEW IF EXISTS highlight_fold3',
    'DROP VIEW IF EXISTS highlight_fold2',
    'DROP VIEW IF EXISTS highlight_fold1',
    'DROP VIEW IF EXISTS highlight_fold0',
    'DROP TRIGGER IF EXISTS note_fts_ai',
    'DROP TRIGGER IF EXISTS note_fts_ad',
    'DROP TRIGGER IF EXISTS note_fts_au',
    'DROP TRIGGER IF EXISTS note_fts_bd',
    'DROP TRIGGER IF EXISTS note_fts_bu',
    'DROP TABLE IF EXISTS note_fts',
    'DROP VIEW IF EXISTS note_search',
    'DROP VIEW IF EXISTS note_fold5',
    'DROP VIEW IF EXISTS note_fold4',
    'DROP VIEW IF EXISTS note_fold3',
    'DROP VIEW IF EXISTS note_fold2',
    'DROP VIEW IF EXISTS note_fold1',
    'DROP VIEW IF EXISTS note_fold0',
    'CREATE TABLE code_new (\n\tid INTEGER NOT NULL CONSTRAINT pk_code PRIMARY KEY AUTOINCREMENT, \n\tuid VARCHAR NOT NULL, \n\tname VARCHAR NOT NULL, \n\tcolor VARCHAR NOT NULL, \n\tdescription VARCHAR NOT NULL, \n\tparent_id INTEGER, \n\tsort INTEGER NOT NULL, \n\tCONSTRAINT fk_code_parent_id_code FOREIGN KEY(parent_id) REFERENCES code (id) ON DELETE CASCADE, \n\tCONSTRAINT uq_code_uid UNIQUE (uid)\n)',
    'INSERT INTO code_new SELECT * FROM code',
    'DROP TABLE code',
    'ALTER TABLE code_new RENAME TO code',
    'CREATE TABLE article_new (\n\tid INTEGER NOT NULL CONSTRAINT pk_article PRIMARY KEY AUTOINCREMENT, \n\tuid VARCHAR NOT NULL, \n\ttitle VARCHAR, \n\tsection VARCHAR NOT NULL, \n\tbyline VARCHAR, \n\tpublished VARCHAR, \n\toutlet VARCHAR, \n\turl VARCHAR, \n\tlanguage VARCHAR, \n\ttext VARCHAR NOT NULL, \n\ttext_sha256 VARCHAR NOT NULL, \n\thidden_spans VARCHAR NOT NULL, \n\torigin_path VARCHAR, \n\tencoding VARCHAR, \n\timported_at VARCHAR NOT NULL, \n\tCONSTRAINT uq_article_text_sha256 UNIQUE (text_sha256), \n\tCONSTRAINT uq_article_uid UNIQUE (uid)\n)',
    'INSERT INTO article_new SELECT * FROM article',
    'DROP TABLE article',
    'ALTER TABLE article_new RENAME TO article',
    'CREATE TABLE highlight_new (\n\tid INTEGER NOT NULL CONSTRAINT pk_highlight PRIMARY KEY AUTOINCREMENT, \n\tuid VARCHAR NOT NULL, \n\tarticle_id INTEGER NOT NULL, \n\tstart INTEGER NOT NULL, \n\t"end" INTEGER NOT NULL, \n\texact VARCHAR NOT NULL, \n\tprefix VARCHAR NOT NULL, \n\tsuffix VARCHAR NOT NULL, \n\ttext_sha256 VARCHAR NOT NULL, \n\tcode_id INTEGER, \n\tcoder VARCHAR NOT NULL, \n\tstatus VARCHAR NOT NULL, \n\tcreated VARCHAR NOT NULL, \n\tmodified VARCHAR NOT NULL, \n\tCONSTRAINT ck_highlight_span CHECK (start >= 0 AND end > start), \n\tCONSTRAINT fk_highlight_article_id_article FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_highlight_code_id_code FOREIGN KEY(code_id) REFERENCES code (id) ON DELETE SET NULL, \n\tCONSTRAINT uq_highlight_uid UNIQUE (uid)\n)',
    'INSERT INTO highlight_new SELECT * FROM highlight',
    'DROP TABLE highlight',
    'ALTER TABLE highlight_new RENAME TO highlight',
    'CREATE TABLE note_new (\n\tid INTEGER NOT NULL CONSTRAINT pk_note PRIMARY KEY AUTOINCREMENT, \n\tuid VARCHAR NOT NULL, \n\tarticle_id INTEGER, \n\thighlight_id INTEGER, \n\tbody VARCHAR NOT NULL, \n\tformat VARCHAR NOT NULL, \n\tlang VARCHAR, \n\tcreated VARCHAR NOT NULL, \n\tmodified VARCHAR NOT NULL, \n\tCONSTRAINT ck_note_one_target CHECK ((article_id IS NULL) <> (highlight_id IS NULL)), \n\tCONSTRAINT fk_note_article_id_article FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE, \n\tCONSTRAINT fk_note_highlight_id_highlight FOREIGN KEY(highlight_id) REFERENCES highlight (id) ON DELETE CASCADE, \n\tCONSTRAINT uq_note_article_id UNIQUE (article_id), \n\tCONSTRAINT uq_note_highlight_id UNIQUE (highlight_id), \n\tCONSTRAINT uq_note_uid UNIQUE (uid)\n)',
    'INSERT INTO note_new SELECT * FROM note',
    'DROP TABLE note',
    'ALTER TABLE note_new RENAME TO note',
    'CREATE INDEX ix_highlight_article_id ON highlight (article_id)',
    "CREATE VIEW article_fold0 AS SELECT id, CASE WHEN length(coalesce(title, '')) = length(CAST(coalesce(title, '') AS BLOB)) THEN coalesce(title, '') ELSE replace(replace(replace(replace(replace(replace(replace(coalesce(title, ''), char(160), char(32)), char(173), ''), char(8204), ''), char(8205), ''), char(8206), ''), char(8207), ''), char(65279), '') END AS title, (instr(CAST(coalesce(title, '') AS BLOB), X'D8') > 0 OR instr(CAST(coalesce(title, '') AS BLOB), X'D9') > 0 OR instr(CAST(coalesce(title, '') AS BLOB), X'DB') > 0) AS title_ar, CASE WHEN length(coalesce(text, '')) = length(CAST(coalesce(text, '') AS BLOB)) THEN coalesce(CASE WHEN coalesce(article.hidden_spans, '') = '' THEN article.text ELSE (WITH RECURSIVE cut(rest, prev, acc) AS (SELECT article.hidden_spans || ',', 0, '' UNION ALL SELECT substr(rest, instr(rest, ',') + 1), CAST(substr(rest, instr(rest, '-') + 1, instr(rest, ',') - instr(rest, '-') - 1) AS INTEGER), acc || substr(article.text, prev + 1, max(CAST(substr(rest, 1, instr(rest, '-') - 1) AS INTEGER) - prev, 0)) || ' ' FROM cut WHERE rest != '') SELECT acc || substr(article.text, prev + 1) FROM cut WHERE rest = '') END, '') ELSE replace(replace(replace(replace(replace(replace(replace(coalesce(CASE WHEN coalesce(article.hidden_spans, '') = '' THEN article.text ELSE (WITH RECURSIVE cut(rest, prev, acc) AS (SELECT article.hidden_spans || ',', 0, '' UNION ALL SELECT substr(rest, instr(rest, ',') + 1), CAST(substr(rest, instr(rest, '-') + 1, instr(rest, ',') - instr(rest, '-') - 1) AS INTEGER), acc || substr(article.text, prev + 1, max(CAST(substr(rest, 1, instr(rest, '-') - 1) AS INTEGER) - prev, 0)) || ' ' FROM cut WHERE rest != '') SELECT acc || substr(article.text, prev + 1) FROM cut WHERE rest = '') END, ''), char(160), char(32)), char(173), ''), char(8204), ''), char(8205), ''), char(8206), ''), char(8207), ''), char(65279), '') END AS body, (instr(CAST(coalesce(text, '') AS BLOB), X'D8') > 0 OR instr(CAST(coalesce(text, '') AS BLOB), X'D9') > 0 OR instr(CAST(coalesce(text, '') AS BLOB), X'DB') > 0) AS body_ar FROM article",
    "CREATE VIEW article_fold1 AS SELECT id, title AS title0, body AS body0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(title, char(1552), ''), char(1553), ''), char(1554), ''), char(1555), ''), char(1556), ''), char(1557), ''), char(1558), ''), char(1559), ''), char(1560), ''), char(1561), ''), char(1562), ''), char(1570), char(1575)), char(1571), char(1575)), char(1573), char(1575)), char(1577), char(1607)), char(1600), '') AS title, title_ar, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, char(1552), ''), char(1553), ''), char(1554), ''), char(1555), ''), char(1556), ''), char(1557), ''), char(1558), ''), char(1559), ''), char(1560), ''), char(1561), ''), char(1562), ''), char(1570), char(1575)), char(1571), char(1575)), char(1573), char(1575)), char(1577), char(1607)), char(1600), '') AS body, body_ar FROM article_fold0",
    "CREATE VIEW article_fold2 AS SELECT id, title0, body0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(title, char(1603), char(1705)), char(1609), char(1740)), char(1610), char(1740)), char(1611), ''), char(1612), ''), char(1613), ''), char(1614), ''), char(1615), ''), char(1616), ''), char(1617), ''), char(1618), ''), char(1619), ''), char(1620), ''), char(1621), ''), char(1622), ''), char(1623), '') AS title, title_ar, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, char(1603), char(1705)), char(1609), char(1740)), char(1610), char(1740)), char(1611), ''), char(1612), ''), char(1613), ''), char(1614), ''), char(1615), ''), char(1616), ''), char(1617), ''), char(1618), ''), char(1619), ''), char(1620), ''), char(1621), ''), char(1622), ''), char(1623), '') AS body, body_ar FROM article_fold1",
    "CREATE VIEW article_fold3 AS SELECT id, title0, body0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(title, char(1624), ''), char(1625), ''), char(1626), ''), char(1627), ''), char(1628), ''), char(1629), ''), char(1630), ''), char(1631), ''), char(1648), ''), char(1649), char(1575)), char(1750), ''), char(1751), ''), char(1752), ''), char(1753), ''), char(1754), ''), char(1755), '') AS title, title_ar, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, char(1624), ''), char(1625), ''), char(1626), ''), char(1627), ''), char(1628), ''), char(1629), ''), char(1630), ''), char(1631), ''), char(1648), ''), char(1649), char(1575)), char(1750), ''), char(1751), ''), char(1752), ''), char(1753), ''), char(1754), ''), char(1755), '') AS body, body_ar FROM article_fold2",
    "CREATE VIEW article_fold4 AS SELECT id, title0, body0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(title, char(1756), ''), char(1757), ''), char(1758), ''), char(1759), ''), char(1760), ''), char(1761), ''), char(1762), ''), char(1763), ''), char(1764), ''), char(1765), ''), char(1766), ''), char(1767), ''), char(1768), ''), char(1769), ''), char(1770), ''), char(1771), '') AS title, title_ar, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, char(1756), ''), char(1757), ''), char(1758), ''), char(1759), ''), char(1760), ''), char(1761), ''), char(1762), ''), char(1763), ''), char(1764), ''), char(1765), ''), char(1766), ''), char(1767), ''), char(1768), ''), char(1769), ''), char(1770), ''), char(1771), '') AS body, body_ar FROM article_fold3",
    "CREATE VIEW article_fold5 AS SELECT id, title0, body0, replace(replace(title, char(1772), ''), char(1773), '') AS title, title_ar, replace(replace(body, char(1772), ''), char(1773), '') AS body, body_ar FROM article_fold4",
    'CREATE VIEW article_search AS SELECT id, CASE WHEN title_ar THEN title ELSE title0 END AS title, CASE WHEN body_ar THEN body ELSE body0 END AS body FROM article_fold5',
    "CREATE VIRTUAL TABLE article_fts USING fts5(title, body, content='article_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    'CREATE TRIGGER article_fts_ai AFTER INSERT ON article BEGIN INSERT INTO article_fts(rowid, title, body) SELECT id, title, body FROM article_search WHERE id = new.id; END',
    "CREATE TRIGGER article_fts_bd BEFORE DELETE ON article BEGIN INSERT INTO article_fts(article_fts, rowid, title, body) SELECT 'delete', id, title, body FROM article_search WHERE id = old.id; END",
    "CREATE TRIGGER article_fts_bu BEFORE UPDATE OF hidden_spans, id, text, title ON article BEGIN INSERT INTO article_fts(article_fts, rowid, title, body) SELECT 'delete', id, title, body FROM article_search WHERE id = old.id; END",
    'CREATE TRIGGER article_fts_au AFTER UPDATE OF hidden_spans, id, text, title ON article BEGIN INSERT INTO article_fts(rowid, title, body) SELECT id, title, body FROM article_search WHERE id = new.id; END',
    "CREATE VIEW caption_fold0 AS SELECT id, CASE WHEN length(coalesce(text, '')) = length(CAST(coalesce(text, '') AS BLOB)) THEN coalesce(text, '') ELSE replace(replace(replace(replace(replace(replace(replace(coalesce(text, ''), char(160), char(32)), char(173), ''), char(8204), ''), char(8205), ''), char(8206), ''), char(8207), ''), char(65279), '') END AS text, (instr(CAST(coalesce(text, '') AS BLOB), X'D8') > 0 OR instr(CAST(coalesce(text, '') AS BLOB), X'D9') > 0 OR instr(CAST(coalesce(text, '') AS BLOB), X'DB') > 0) AS text_ar, CASE WHEN length(coalesce(credit, '')) = length(CAST(coalesce(credit, '') AS BLOB)) THEN coalesce(credit, '') ELSE replace(replace(replace(replace(replace(replace(replace(coalesce(credit, ''), char(160), char(32)), char(173), ''), char(8204), ''), char(8205), ''), char(8206), ''), char(8207), ''), char(65279), '') END AS credit, (instr(CAST(coalesce(credit, '') AS BLOB), X'D8') > 0 OR instr(CAST(coalesce(credit, '') AS BLOB), X'D9') > 0 OR instr(CAST(coalesce(credit, '') AS BLOB), X'DB') > 0) AS credit_ar FROM caption",
    "CREATE VIEW caption_fold1 AS SELECT id, text AS text0, credit AS credit0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1552), ''), char(1553), ''), char(1554), ''), char(1555), ''), char(1556), ''), char(1557), ''), char(1558), ''), char(1559), ''), char(1560), ''), char(1561), ''), char(1562), ''), char(1570), char(1575)), char(1571), char(1575)), char(1573), char(1575)), char(1577), char(1607)), char(1600), '') AS text, text_ar, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(credit, char(1552), ''), char(1553), ''), char(1554), ''), char(1555), ''), char(1556), ''), char(1557), ''), char(1558), ''), char(1559), ''), char(1560), ''), char(1561), ''), char(1562), ''), char(1570), char(1575)), char(1571), char(1575)), char(1573), char(1575)), char(1577), char(1607)), char(1600), '') AS credit, credit_ar FROM caption_fold0",
    "CREATE VIEW caption_fold2 AS SELECT id, text0, credit0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1603), char(1705)), char(1609), char(1740)), char(1610), char(1740)), char(1611), ''), char(1612), ''), char(1613), ''), char(1614), ''), char(1615), ''), char(1616), ''), char(1617), ''), char(1618), ''), char(1619), ''), char(1620), ''), char(1621), ''), char(1622), ''), char(1623), '') AS text, text_ar, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(credit, char(1603), char(1705)), char(1609), char(1740)), char(1610), char(1740)), char(1611), ''), char(1612), ''), char(1613), ''), char(1614), ''), char(1615), ''), char(1616), ''), char(1617), ''), char(1618), ''), char(1619), ''), char(1620), ''), char(1621), ''), char(1622), ''), char(1623), '') AS credit, credit_ar FROM caption_fold1",
    "CREATE VIEW caption_fold3 AS SELECT id, text0, credit0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1624), ''), char(1625), ''), char(1626), ''), char(1627), ''), char(1628), ''), char(1629), ''), char(1630), ''), char(1631), ''), char(1648), ''), char(1649), char(1575)), char(1750), ''), char(1751), ''), char(1752), ''), char(1753), ''), char(1754), ''), char(1755), '') AS text, text_ar, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(credit, char(1624), ''), char(1625), ''), char(1626), ''), char(1627), ''), char(1628), ''), char(1629), ''), char(1630), ''), char(1631), ''), char(1648), ''), char(1649), char(1575)), char(1750), ''), char(1751), ''), char(1752), ''), char(1753), ''), char(1754), ''), char(1755), '') AS credit, credit_ar FROM caption_fold2",
    "CREATE VIEW caption_fold4 AS SELECT id, text0, credit0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(text, char(1756), ''), char(1757), ''), char(1758), ''), char(1759), ''), char(1760), ''), char(1761), ''), char(1762), ''), char(1763), ''), char(1764), ''), char(1765), ''), char(1766), ''), char(1767), ''), char(1768), ''), char(1769), ''), char(1770), ''), char(1771), '') AS text, text_ar, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(credit, char(1756), ''), char(1757), ''), char(1758), ''), char(1759), ''), char(1760), ''), char(1761), ''), char(1762), ''), char(1763), ''), char(1764), ''), char(1765), ''), char(1766), ''), char(1767), ''), char(1768), ''), char(1769), ''), char(1770), ''), char(1771), '') AS credit, credit_ar FROM caption_fold3",
    "CREATE VIEW caption_fold5 AS SELECT id, text0, credit0, replace(replace(text, char(1772), ''), char(1773), '') AS text, text_ar, replace(replace(credit, char(1772), ''), char(1773), '') AS credit, credit_ar FROM caption_fold4",
    'CREATE VIEW caption_search AS SELECT id, CASE WHEN text_ar THEN text ELSE text0 END AS text, CASE WHEN credit_ar THEN credit ELSE credit0 END AS credit FROM caption_fold5',
    "CREATE VIRTUAL TABLE caption_fts USING fts5(text, credit, content='caption_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    'CREATE TRIGGER caption_fts_ai AFTER INSERT ON caption BEGIN INSERT INTO caption_fts(rowid, text, credit) SELECT id, text, credit FROM caption_search WHERE id = new.id; END',
    "CREATE TRIGGER caption_fts_bd BEFORE DELETE ON caption BEGIN INSERT INTO caption_fts(caption_fts, rowid, text, credit) SELECT 'delete', id, text, credit FROM caption_search WHERE id = old.id; END",
    "CREATE TRIGGER caption_fts_bu BEFORE UPDATE OF credit, id, text ON caption BEGIN INSERT INTO caption_fts(caption_fts, rowid, text, credit) SELECT 'delete', id, text, credit FROM caption_search WHERE id = old.id; END",
    'CREATE TRIGGER caption_fts_au AFTER UPDATE OF credit, id, text ON caption BEGIN INSERT INTO caption_fts(rowid, text, credit) SELECT id, text, credit FROM caption_search WHERE id = new.id; END',
    "CREATE VIEW highlight_fold0 AS SELECT id, CASE WHEN length(coalesce(exact, '')) = length(CAST(coalesce(exact, '') AS BLOB)) THEN coalesce(exact, '') ELSE replace(replace(replace(replace(replace(replace(replace(coalesce(exact, ''), char(160), char(32)), char(173), ''), char(8204), ''), char(8205), ''), char(8206), ''), char(8207), ''), char(65279), '') END AS exact, (instr(CAST(coalesce(exact, '') AS BLOB), X'D8') > 0 OR instr(CAST(coalesce(exact, '') AS BLOB), X'D9') > 0 OR instr(CAST(coalesce(exact, '') AS BLOB), X'DB') > 0) AS exact_ar FROM highlight",
    "CREATE VIEW highlight_fold1 AS SELECT id, exact AS exact0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(exact, char(1552), ''), char(1553), ''), char(1554), ''), char(1555), ''), char(1556), ''), char(1557), ''), char(1558), ''), char(1559), ''), char(1560), ''), char(1561), ''), char(1562), ''), char(1570), char(1575)), char(1571), char(1575)), char(1573), char(1575)), char(1577), char(1607)), char(1600), '') AS exact, exact_ar FROM highlight_fold0",
    "CREATE VIEW highlight_fold2 AS SELECT id, exact0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(exact, char(1603), char(1705)), char(1609), char(1740)), char(1610), char(1740)), char(1611), ''), char(1612), ''), char(1613), ''), char(1614), ''), char(1615), ''), char(1616), ''), char(1617), ''), char(1618), ''), char(1619), ''), char(1620), ''), char(1621), ''), char(1622), ''), char(1623), '') AS exact, exact_ar FROM highlight_fold1",
    "CREATE VIEW highlight_fold3 AS SELECT id, exact0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(exact, char(1624), ''), char(1625), ''), char(1626), ''), char(1627), ''), char(1628), ''), char(1629), ''), char(1630), ''), char(1631), ''), char(1648), ''), char(1649), char(1575)), char(1750), ''), char(1751), ''), char(1752), ''), char(1753), ''), char(1754), ''), char(1755), '') AS exact, exact_ar FROM highlight_fold2",
    "CREATE VIEW highlight_fold4 AS SELECT id, exact0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(exact, char(1756), ''), char(1757), ''), char(1758), ''), char(1759), ''), char(1760), ''), char(1761), ''), char(1762), ''), char(1763), ''), char(1764), ''), char(1765), ''), char(1766), ''), char(1767), ''), char(1768), ''), char(1769), ''), char(1770), ''), char(1771), '') AS exact, exact_ar FROM highlight_fold3",
    "CREATE VIEW highlight_fold5 AS SELECT id, exact0, replace(replace(exact, char(1772), ''), char(1773), '') AS exact, exact_ar FROM highlight_fold4",
    'CREATE VIEW highlight_search AS SELECT id, CASE WHEN exact_ar THEN exact ELSE exact0 END AS exact FROM highlight_fold5',
    "CREATE VIRTUAL TABLE highlight_fts USING fts5(exact, content='highlight_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    'CREATE TRIGGER highlight_fts_ai AFTER INSERT ON highlight BEGIN INSERT INTO highlight_fts(rowid, exact) SELECT id, exact FROM highlight_search WHERE id = new.id; END',
    "CREATE TRIGGER highlight_fts_bd BEFORE DELETE ON highlight BEGIN INSERT INTO highlight_fts(highlight_fts, rowid, exact) SELECT 'delete', id, exact FROM highlight_search WHERE id = old.id; END",
    "CREATE TRIGGER highlight_fts_bu BEFORE UPDATE OF exact, id ON highlight BEGIN INSERT INTO highlight_fts(highlight_fts, rowid, exact) SELECT 'delete', id, exact FROM highlight_search WHERE id = old.id; END",
    'CREATE TRIGGER highlight_fts_au AFTER UPDATE OF exact, id ON highlight BEGIN INSERT INTO highlight_fts(rowid, exact) SELECT id, exact FROM highlight_search WHERE id = new.id; END',
    "CREATE VIEW note_fold0 AS SELECT id, CASE WHEN length(coalesce(body, '')) = length(CAST(coalesce(body, '') AS BLOB)) THEN coalesce(body, '') ELSE replace(replace(replace(replace(replace(replace(replace(coalesce(body, ''), char(160), char(32)), char(173), ''), char(8204), ''), char(8205), ''), char(8206), ''), char(8207), ''), char(65279), '') END AS body, (instr(CAST(coalesce(body, '') AS BLOB), X'D8') > 0 OR instr(CAST(coalesce(body, '') AS BLOB), X'D9') > 0 OR instr(CAST(coalesce(body, '') AS BLOB), X'DB') > 0) AS body_ar FROM note",
    "CREATE VIEW note_fold1 AS SELECT id, body AS body0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, char(1552), ''), char(1553), ''), char(1554), ''), char(1555), ''), char(1556), ''), char(1557), ''), char(1558), ''), char(1559), ''), char(1560), ''), char(1561), ''), char(1562), ''), char(1570), char(1575)), char(1571), char(1575)), char(1573), char(1575)), char(1577), char(1607)), char(1600), '') AS body, body_ar FROM note_fold0",
    "CREATE VIEW note_fold2 AS SELECT id, body0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, char(1603), char(1705)), char(1609), char(1740)), char(1610), char(1740)), char(1611), ''), char(1612), ''), char(1613), ''), char(1614), ''), char(1615), ''), char(1616), ''), char(1617), ''), char(1618), ''), char(1619), ''), char(1620), ''), char(1621), ''), char(1622), ''), char(1623), '') AS body, body_ar FROM note_fold1",
    "CREATE VIEW note_fold3 AS SELECT id, body0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, char(1624), ''), char(1625), ''), char(1626), ''), char(1627), ''), char(1628), ''), char(1629), ''), char(1630), ''), char(1631), ''), char(1648), ''), char(1649), char(1575)), char(1750), ''), char(1751), ''), char(1752), ''), char(1753), ''), char(1754), ''), char(1755), '') AS body, body_ar FROM note_fold2",
    "CREATE VIEW note_fold4 AS SELECT id, body0, replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(replace(body, char(1756), ''), char(1757), ''), char(1758), ''), char(1759), ''), char(1760), ''), char(1761), ''), char(1762), ''), char(1763), ''), char(1764), ''), char(1765), ''), char(1766), ''), char(1767), ''), char(1768), ''), char(1769), ''), char(1770), ''), char(1771), '') AS body, body_ar FROM note_fold3",
    "CREATE VIEW note_fold5 AS SELECT id, body0, replace(replace(body, char(1772), ''), char(1773), '') AS body, body_ar FROM note_fold4",
    'CREATE VIEW note_search AS SELECT id, CASE WHEN body_ar THEN body ELSE body0 END AS body FROM note_fold5',
    "CREATE VIRTUAL TABLE note_fts USING fts5(body, content='note_search', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    'CREATE TRIGGER note_fts_ai AFTER INSERT ON note BEGIN INSERT INTO note_fts(rowid, body) SELECT id, body FROM note_search WHERE id = new.id; END',
    "CREATE TRIGGER note_fts_bd BEFORE DELETE ON note BEGIN INSERT INTO note_fts(note_fts, rowid, body) SELECT 'delete', id, body FROM note_search WHERE id = old.id; END",
    "CREATE TRIGGER note_fts_bu BEFORE UPDATE OF body, id ON note BEGIN INSERT INTO note_fts(note_fts, rowid, body) SELECT 'delete', id, body FROM note_search WHERE id = old.id; END",
    'CREATE TRIGGER note_fts_au AFTER UPDATE OF body, id ON note BEGIN INSERT INTO note_fts(rowid, body) SELECT id, body FROM note_search WHERE id = new.id; END',
    "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(8.0, 1.0)')",
    "INSERT INTO article_fts(article_fts, rank) VALUES ('hashsize', 16777216)",
    "INSERT INTO caption_fts(caption_fts, rank) VALUES ('hashsize', 16777216)",
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
    "INSERT INTO caption_fts(caption_fts) VALUES ('rebuild')",
    "INSERT INTO highlight_fts(highlight_fts) VALUES ('rebuild')",
    "INSERT INTO note_fts(note_fts) VALUES ('rebuild')",
    "INSERT OR REPLACE INTO project_info(key, value) VALUES ('fold_version', '1')",
]


def upgrade() -> None:
    for sql in STATEMENTS:
        op.execute(sql)


def downgrade() -> None:
    raise NotImplementedError(
        "Claimdesk does not downgrade projects: the copy made before the upgrade is the old file."
    )
