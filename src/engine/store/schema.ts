// Forward-only schema migrations. PRAGMA user_version records how many have been applied, so a newer engine opens
// an older data directory by applying the rest; an engine never opens a directory written by a newer schema.
export const migrations: string[] = [
  // 1: resources of the Lookout for Vision API and the S3 object index.
  `CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE projects (
     name TEXT PRIMARY KEY, created REAL NOT NULL, next_model_version INTEGER NOT NULL DEFAULT 1);
   CREATE TABLE datasets (
     project TEXT NOT NULL REFERENCES projects(name), type TEXT NOT NULL, created REAL NOT NULL,
     updated REAL NOT NULL, status TEXT NOT NULL, status_message TEXT, source_json TEXT,
     PRIMARY KEY (project, type));
   CREATE TABLE dataset_entries (
     id INTEGER PRIMARY KEY AUTOINCREMENT, project TEXT NOT NULL, type TEXT NOT NULL, source_ref TEXT NOT NULL,
     line TEXT NOT NULL, class TEXT, created REAL NOT NULL,
     UNIQUE (project, type, source_ref));
   CREATE TABLE models (
     project TEXT NOT NULL REFERENCES projects(name), version INTEGER NOT NULL, created REAL NOT NULL,
     description TEXT, status TEXT NOT NULL, status_message TEXT, performance_json TEXT, output_json TEXT NOT NULL,
     evaluation_manifest_json TEXT, evaluation_result_json TEXT, evaluation_end REAL, kms_key_id TEXT,
     min_units INTEGER, max_units INTEGER, model_type TEXT,
     PRIMARY KEY (project, version));
   CREATE TABLE tags (arn TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (arn, key));
   CREATE TABLE buckets (name TEXT PRIMARY KEY, created REAL NOT NULL);
   CREATE TABLE objects (
     bucket TEXT NOT NULL REFERENCES buckets(name), key TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
     content_type TEXT NOT NULL, modified REAL NOT NULL, file TEXT NOT NULL,
     PRIMARY KEY (bucket, key));`,
  // 2: idempotency tokens and model packaging jobs.
  `CREATE TABLE client_tokens (
     operation TEXT NOT NULL, token TEXT NOT NULL, params_hash TEXT NOT NULL, response_json TEXT NOT NULL,
     created REAL NOT NULL, PRIMARY KEY (operation, token));
   CREATE TABLE packaging_jobs (
     project TEXT NOT NULL REFERENCES projects(name), name TEXT NOT NULL, model_version INTEGER NOT NULL,
     configuration_json TEXT NOT NULL, description TEXT, method TEXT NOT NULL, status TEXT NOT NULL,
     status_message TEXT, output_json TEXT, created REAL NOT NULL, updated REAL NOT NULL,
     PRIMARY KEY (project, name));`,
  // 3: S3 multipart uploads in progress and their parts (the part files live in the uploads folder).
  `CREATE TABLE multipart_uploads (
     upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL REFERENCES buckets(name), key TEXT NOT NULL,
     content_type TEXT NOT NULL, initiated REAL NOT NULL);
   CREATE INDEX multipart_uploads_by_key ON multipart_uploads (bucket, key, upload_id);
   CREATE TABLE multipart_parts (
     upload_id TEXT NOT NULL REFERENCES multipart_uploads(upload_id), part_number INTEGER NOT NULL,
     size INTEGER NOT NULL, md5 TEXT NOT NULL, modified REAL NOT NULL, file TEXT NOT NULL,
     PRIMARY KEY (upload_id, part_number));`,
  // 4: the labeled entries each model in training trains from, copied when CreateModel accepts it (a model in
  // training when this runs gets its datasets as they are); tags by model, not by ARN (an ARN names the engine's
  // region, which a restart may change), dropping those whose model is gone.
  `CREATE TABLE model_entries (
     project TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL, seq INTEGER NOT NULL, line TEXT NOT NULL,
     PRIMARY KEY (project, version, type, seq));
   INSERT INTO model_entries (project, version, type, seq, line)
     SELECT m.project, m.version, e.type, e.id, e.line FROM models m JOIN dataset_entries e ON e.project = m.project
     WHERE m.status = 'TRAINING' AND e.class IS NOT NULL;
   CREATE TABLE model_tags (
     project TEXT NOT NULL, version INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
     PRIMARY KEY (project, version, key));
   INSERT OR REPLACE INTO model_tags (project, version, key, value)
     SELECT m.project, m.version, t.key, t.value FROM tags t JOIN models m
     ON substr(t.arn, -length(':model/' || m.project || '/' || m.version)) = ':model/' || m.project || '/' || m.version;
   DROP TABLE tags;`,
  // 5: the standard headers and user metadata (x-amz-meta-*) an object was uploaded with, as JSON.
  `ALTER TABLE objects ADD COLUMN headers_json TEXT;
   ALTER TABLE multipart_uploads ADD COLUMN headers_json TEXT;`,
];
