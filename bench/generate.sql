-- Fills an empty database with the benchmark's data, shaped like an application's: a big table
-- of events with BLOB payloads, users with long Unicode text, a WITHOUT ROWID key-value table, a
-- log whose "value" column holds every storage class, and a few large documents.
--
-- Run by run.sh through the sqlite3 shell, which first binds the row count of each table:
-- :users, :events, :kv, :log, :docs. Values come from random(), so two runs differ in content
-- but not in shape; the database is cached between runs.

PRAGMA page_size = 4096;
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
PRAGMA user_version = 7;

-- Text to cut pieces from: accents, CJK, Greek, Cyrillic, emoji (outside the BMP), and the
-- characters that JSON and SQL must escape: quotes, a backslash, a tab and a newline.
CREATE TEMP TABLE pool AS
  SELECT replace(hex(zeroblob(400)), '00',
      'Grüße aus Köln, naïve café — 日本語のテキスト «quoted» "double" ''single'' \ back'
      || char(9) || 'Ελληνικά και русский текст 🎉🚀 ' || char(10) || 'plain ascii words here. ')
    AS t;

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  age INTEGER,
  balance REAL,
  bio TEXT,
  avatar BLOB,
  created_at TEXT
);

CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  amount REAL,
  big INTEGER,
  payload BLOB,
  note TEXT
);

CREATE TABLE kv (
  k TEXT PRIMARY KEY,
  v TEXT,
  n INTEGER,
  r REAL
) WITHOUT ROWID;

CREATE TABLE log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts INTEGER NOT NULL,
  level TEXT,
  message TEXT,
  value
);

CREATE TABLE docs (
  title TEXT,
  body TEXT,
  attachment BLOB
);

WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :users)
INSERT INTO users
SELECT x,
       printf('user %06d %s', x, char(0x410 + abs(random()) % 32, 0x430 + abs(random()) % 32)),
       printf('u%d.%x@example.%s', x, abs(random()) % 65536,
              CASE x % 3 WHEN 0 THEN 'com' WHEN 1 THEN 'org' ELSE 'de' END),
       CASE WHEN x % 17 = 0 THEN NULL ELSE 18 + abs(random()) % 80 END,
       CASE WHEN x % 11 = 0 THEN NULL ELSE round(random() / 9.2e13, 2) END,
       CASE WHEN x % 2 = 0 THEN NULL
            ELSE substr(p.t, 1 + abs(random()) % 20000, 50 + abs(random()) % 400) END,
       CASE WHEN x % 4 = 0 THEN randomblob(200 + abs(random()) % 300) ELSE NULL END,
       printf('2024-%02d-%02dT%02d:%02d:%02dZ', 1 + x % 12, 1 + x % 28, x % 24, x % 60, (x * 7) % 60)
FROM c, pool p;

WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :events)
INSERT INTO events
SELECT x,
       1 + abs(random()) % max(:users, 1),
       CASE abs(random()) % 5 WHEN 0 THEN 'click' WHEN 1 THEN 'view' WHEN 2 THEN 'purchase'
                              WHEN 3 THEN 'login' ELSE 'logout' END,
       CASE x % 4 WHEN 0 THEN NULL
                  WHEN 1 THEN round(random() / 9.2e14, 2)
                  WHEN 2 THEN random() / 9.2e18
                  ELSE random() * 1.0e-12 END,
       CASE WHEN x % 9 = 0 THEN NULL ELSE random() END,
       CASE WHEN x % 500 = 0 THEN randomblob(2048 + abs(random()) % 30720)
            WHEN x % 12 = 0 THEN NULL
            ELSE randomblob(50 + abs(random()) % 451) END,
       CASE WHEN x % 3 = 0 THEN substr(p.t, 1 + abs(random()) % 20000, 10 + abs(random()) % 50)
            ELSE NULL END
FROM c, pool p;

WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :kv)
INSERT INTO kv
SELECT printf('key-%09d-%04x', (x * 7919) % 1000000007, x % 65536),
       CASE WHEN x % 10 = 0 THEN NULL ELSE substr(p.t, 1 + abs(random()) % 20000, 5 + abs(random()) % 40) END,
       CASE x % 3 WHEN 0 THEN x WHEN 1 THEN -x * 1000003 ELSE random() END,
       CASE WHEN x % 5 = 0 THEN NULL ELSE x / 7.0 END
FROM c, pool p;

WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :log)
INSERT INTO log (ts, level, message, value)
SELECT 1700000000000 + x * 1000 + abs(random()) % 1000,
       CASE x % 4 WHEN 0 THEN 'DEBUG' WHEN 1 THEN 'INFO' WHEN 2 THEN 'WARN' ELSE 'ERROR' END,
       printf('request %d took %d ms', x, abs(random()) % 5000),
       CASE x % 6 WHEN 0 THEN NULL
                  WHEN 1 THEN random()
                  WHEN 2 THEN random() / 3.0
                  WHEN 3 THEN substr(p.t, 1 + abs(random()) % 20000, 20)
                  WHEN 4 THEN randomblob(16)
                  ELSE x END
FROM c, pool p;

WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < :docs)
INSERT INTO docs
SELECT printf('Document %d — %s', x, substr(p.t, 1 + abs(random()) % 20000, 30)),
       substr(p.t, 1 + abs(random()) % 10000, 1000 + abs(random()) % 3000),
       CASE WHEN x % 10 = 0 THEN randomblob(8192 + abs(random()) % 57344) ELSE NULL END
FROM c, pool p;

CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX events_user ON events (user_id);
CREATE INDEX events_kind_amount ON events (kind, amount);
CREATE INDEX log_ts ON log (ts);

DROP TABLE pool;
