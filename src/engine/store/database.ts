// SQLite state of one data directory: WAL journal, transactions, schema migrations and a statement cache.
import { closeSync, openSync } from 'node:fs';
import { DatabaseSync, enhance, type StatementSyncInstance } from '@photostructure/sqlite';
import { migrations } from './schema';

export type Row = Record<string, string | number | null>;
type Param = string | number | null;

export class Database {
  private readonly db;
  private readonly statements = new Map<string, StatementSyncInstance>();

  constructor(path: string, schema: string[] = migrations) {
    // Created owner-only before SQLite opens it: SQLite gives the -wal and -shm files the database file's mode.
    closeSync(openSync(path, 'a', 0o600));
    this.db = enhance(new DatabaseSync(path));
    this.db.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
    );
    this.migrate(schema);
  }

  get schemaVersion(): number {
    return Number((this.db.prepare('PRAGMA user_version').get() as Row).user_version);
  }

  private migrate(schema: string[]): void {
    const current = this.schemaVersion;
    if (current > schema.length) {
      throw new Error(
        `The data directory uses schema version ${current}, newer than this engine's ${schema.length}; upgrade the engine`,
      );
    }
    for (let version = current + 1; version <= schema.length; version++) {
      this.transaction(() => {
        this.db.exec(schema[version - 1]!);
        this.db.exec(`PRAGMA user_version = ${version}`);
      });
    }
  }

  private statement(sql: string): StatementSyncInstance {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  get<T extends Row = Row>(sql: string, ...params: Param[]): T | undefined {
    return this.statement(sql).get(...params) as T | undefined;
  }

  all<T extends Row = Row>(sql: string, ...params: Param[]): T[] {
    return this.statement(sql).all(...params) as T[];
  }

  run(sql: string, ...params: Param[]): number {
    return Number(this.statement(sql).run(...params).changes);
  }

  /** Runs fn atomically (nested calls join the outer transaction). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    this.db.close();
  }
}
