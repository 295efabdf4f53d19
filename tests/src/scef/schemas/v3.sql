-- A SCEF key store as schema version 3 left it (Ks with a kek_id, here plaintext: NULL): one
-- KeySet and the successful authentication context that names it by GUTI
-- 001-01-8001-01-c0ffee01. Expiry: 2100-01-01.
CREATE TABLE key_sets (
  imsi       TEXT NOT NULL,
  rand       BLOB NOT NULL CHECK (length(rand) = 16),
  ks         BLOB NOT NULL,
  expires_at INTEGER NOT NULL,
  kek_id     INTEGER CHECK (kek_id > 0),
  PRIMARY KEY (imsi, rand),
  CHECK (length(ks) = CASE WHEN kek_id IS NULL THEN 32 ELSE 60 END)
) WITHOUT ROWID;
CREATE TABLE auth_contexts (
  guti       BLOB PRIMARY KEY CHECK (length(guti) = 10),
  imsi       TEXT NOT NULL,
  rand       BLOB NOT NULL CHECK (length(rand) = 16),
  success    INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX auth_contexts_imsi ON auth_contexts (imsi);
CREATE INDEX key_sets_expiry ON key_sets (expires_at);
CREATE INDEX auth_contexts_expiry ON auth_contexts (expires_at);
CREATE INDEX key_sets_kek ON key_sets (kek_id);
INSERT INTO key_sets VALUES ('001010000000001', X'23553cbe9637a89d218ae64dae47bf35',
  X'6620c33d0c44c99d2076e1061ef7dc2c9d0a70e8088e02d051b7043678da6857', 4102444800, NULL);
INSERT INTO auth_contexts VALUES (X'00f110800101c0ffee01', '001010000000001', X'23553cbe9637a89d218ae64dae47bf35',
  1, 4102444800);
PRAGMA user_version = 3;
