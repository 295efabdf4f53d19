-- An HSS subscriber database as schema version 1 left it: two subscribers, one bootstrapping
-- with its own SCEF, one with an OP-style AMF and no bootstrapping. Keys: TS 35.208 test set 1.
CREATE TABLE subscribers (
  imsi      TEXT PRIMARY KEY,
  k         BLOB NOT NULL CHECK (length(k) = 16),
  opc       BLOB NOT NULL CHECK (length(opc) = 16),
  amf       BLOB NOT NULL CHECK (length(amf) = 2),
  sqn       INTEGER NOT NULL CHECK (sqn >= 0 AND sqn < 281474976710656),
  ind_bits  INTEGER NOT NULL DEFAULT 5 CHECK (ind_bits BETWEEN 0 AND 10),
  bootstrap INTEGER NOT NULL DEFAULT 0,
  scef_id   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
INSERT INTO subscribers VALUES ('001010000000001', X'465b5ce8b199b49faa5f0a2ee238a6bc',
  X'cd63cb71954a9f4e48a5994e37a02baf', X'8000', 4256, 5, 1, 'scef.iotboot.test');
INSERT INTO subscribers VALUES ('001010000000002', X'465b5ce8b199b49faa5f0a2ee238a6bc',
  X'cd63cb71954a9f4e48a5994e37a02baf', X'b9b9', 0, 4, 0, '');
PRAGMA user_version = 1;
