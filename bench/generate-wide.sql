-- Fills an empty database with the benchmark's "wide" shape, a content application's: articles
-- with several wide TEXT columns full of what JSON and SQL must escape (quotes, backslashes, tabs,
-- newlines, control characters) and of non-ASCII text (accents, CJK, Arabic, emoji), REALs of
-- every kind, NULLs; a WITHOUT ROWID glossary keyed by two TEXT columns; an audit table that
-- triggers on articles fill; indexes on two columns, on an expression and on a subset of rows; a
-- view.
--
-- Run by run.sh through the sqlite3 shell, which first binds the row count of each table:
-- :articles, :terms, :audit. Deterministic: values come from two Lehmer generators carried
-- along the row counter, not from random(), so the same counts give the same database, byte for
-- byte, with the same sqlite3.

PRAGMA page_size = 4096;
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
PRAGMA user_version = 3;

-- Text to cut pieces from (10,480 characters). substr counts characters, so a piece never splits
-- one, though it may split an emoji sequence or a CRLF.
CREATE TEMP TABLE pool AS
  SELECT replace(hex(zeroblob(40)), '00',
      'Ünïcödé café, Straße & naïve façade — 東京の天気は晴れ。你好，世界！한국어 텍스트 '
      || 'مرحبا بالعالم «guillemets» "double" ''single'' back\slash C:\Users\zoë\file.txt '
      || char(9) || 'tab' || char(9) || 'tab' || char(10) || 'emoji 🎉😀👩‍💻🇩🇪 ok' || char(13)
      || char(10) || 'JSON-looking {"k": "v\"q", "n": [1, 2.5e-3], "u": "\u00e9"} '
      || char(8232) || ' line separator, controls ' || char(1) || char(31) || char(127) || ' end. ')
    AS t;

CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL,
  lang TEXT NOT NULL,
  status TEXT NOT NULL,
  author TEXT,
  title TEXT NOT NULL,
  summary TEXT,
  body TEXT,
  meta TEXT,
  score REAL,
  price REAL,
  lat REAL,
  lon REAL,
  ratio REAL,
  updated_at TEXT NOT NULL
);

CREATE TABLE terms (
  lang TEXT NOT NULL,
  term TEXT NOT NULL,
  definition TEXT,
  weight REAL,
  uses INTEGER,
  PRIMARY KEY (lang, term)
) WITHOUT ROWID;

CREATE TABLE article_audit (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  old_title TEXT,
  new_title TEXT,
  old_score REAL,
  new_score REAL,
  at TEXT NOT NULL
);

-- a and b are uniform in 1 .. 2^31-2; pieces of them pick offsets, lengths and numbers.
WITH RECURSIVE c(x, a, b) AS (
  SELECT 1, 48271, 69621
  UNION ALL
  SELECT x + 1, a * 48271 % 2147483647, b * 69621 % 2147483647 FROM c WHERE x < :articles)
INSERT INTO articles
SELECT x,
       printf('article-%07d', x),
       CASE x % 5 WHEN 0 THEN 'en' WHEN 1 THEN 'de' WHEN 2 THEN 'ja' WHEN 3 THEN 'fr' ELSE 'zh' END,
       CASE x % 10 WHEN 0 THEN 'draft' WHEN 1 THEN 'archived' ELSE 'published' END,
       CASE x % 6 WHEN 0 THEN 'O''Brien' WHEN 1 THEN 'José Álvarez' WHEN 2 THEN '山田 太郎'
                  WHEN 3 THEN 'Zoë "Z" Smith' WHEN 4 THEN NULL ELSE 'DOMAIN\user' END,
       printf('Title %d: ', x) || substr(p.t, 1 + a % 5000, 20 + b % 60),
       CASE WHEN x % 7 = 0 THEN NULL ELSE substr(p.t, 1 + (a / 5000) % 5000, 40 + (b / 60) % 200) END,
       CASE WHEN x % 29 = 0 THEN NULL ELSE substr(p.t, 1 + (b / 7) % 5000, 50 + (a / 13) % 500) END,
       CASE WHEN x % 3 = 0 THEN NULL
            ELSE printf('{"id": %d, "tags": ["a\"b", "c\\d", "%s"], "rank": %d}',
                        x, substr(p.t, 1 + (a / 11) % 5000, 5 + b % 20), b % 1000) END,
       CASE WHEN x % 13 = 0 THEN NULL ELSE a / 2147483647.0 * 100 END,
       CASE WHEN x % 9 = 0 THEN NULL ELSE (b % 1000000) / 100.0 END,
       (a % 18000000) / 100000.0 - 90,
       (b % 36000000) / 100000.0 - 180,
       CASE x % 1000 WHEN 0 THEN 1.7976931348623157e308 WHEN 1 THEN 4.9e-324
                     WHEN 2 THEN 2.2250738585072014e-308 WHEN 3 THEN -1e300 WHEN 4 THEN 1e22
                     WHEN 5 THEN 0.1 WHEN 6 THEN 3.0 WHEN 7 THEN NULL
                     ELSE (a - 1073741823) / 3.0 / (1 + b % 997) END,
       printf('2024-%02d-%02dT%02d:%02d:%02dZ', 1 + x % 12, 1 + x % 28, x % 24, x % 60, (x * 7) % 60)
FROM c, pool p;

-- Keys are unique (7919 x modulo a prime is one-to-one) and not in key order, as when rows come
-- in over time.
WITH RECURSIVE c(x, a, b) AS (
  SELECT 1, 16807, 39373
  UNION ALL
  SELECT x + 1, a * 16807 % 2147483647, b * 39373 % 2147483647 FROM c WHERE x < :terms)
INSERT INTO terms
SELECT CASE (x / 4) % 3 WHEN 0 THEN 'de' WHEN 1 THEN 'ja' ELSE 'en' END,
       printf(CASE x % 4 WHEN 0 THEN 'straße %09d' WHEN 1 THEN '日本語-%09d'
                         WHEN 2 THEN 'it''s "quoted" \ %09d' ELSE 'emoji 🎉 %09d' END,
              x * 7919 % 100000007),
       CASE WHEN x % 8 = 0 THEN NULL ELSE substr(p.t, 1 + a % 5000, 20 + b % 200) END,
       CASE WHEN x % 5 = 0 THEN NULL ELSE a / 7.0 END,
       CASE WHEN x % 4 = 0 THEN NULL ELSE b % 100000 END
FROM c, pool p;

CREATE TRIGGER articles_audit_insert AFTER INSERT ON articles
BEGIN
  INSERT INTO article_audit (article_id, action, new_title, new_score, at)
  VALUES (NEW.id, 'insert', NEW.title, NEW.score, NEW.updated_at);
END;

CREATE TRIGGER articles_audit_update AFTER UPDATE OF title, score ON articles
BEGIN
  INSERT INTO article_audit (article_id, action, old_title, new_title, old_score, new_score, at)
  VALUES (NEW.id, 'update', OLD.title, NEW.title, OLD.score, NEW.score, NEW.updated_at);
END;

-- A second revision of :audit articles, every other one from the start, fills the audit table.
UPDATE articles
   SET title = title || ' (rev. 2)',
       score = score / 2,
       updated_at = printf('2025-%02d-%02dT%02d:%02d:00Z', 1 + id % 12, 1 + id % 28, id % 24, id % 60)
 WHERE id % 2 = 0 AND id <= 2 * :audit;

CREATE UNIQUE INDEX articles_slug ON articles (slug);
CREATE INDEX articles_lang_score ON articles (lang, score DESC);
CREATE INDEX articles_author ON articles (lower(author));
CREATE INDEX articles_drafts ON articles (updated_at) WHERE status = 'draft';
CREATE INDEX terms_weight ON terms (weight);
CREATE INDEX article_audit_article ON article_audit (article_id, at);

CREATE VIEW article_stats AS
  SELECT lang, status, count(*) AS articles, avg(score) AS mean_score, max(updated_at) AS latest
    FROM articles GROUP BY lang, status;

DROP TABLE pool;
