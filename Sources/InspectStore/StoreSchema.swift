import Foundation

/// The versioned schema of the state database. A migration, once shipped, is never edited:
/// changes are new migrations, so a database of any earlier version upgrades in place.
enum StoreSchema {
    /// Every migration in order. The identifiers are the versions of both engines: SQLite keeps
    /// them in GRDB's `grdb_migrations`, PostgreSQL in `inspectd_migration` (issue 16). Each DDL
    /// text is SQLite's; ``ddl(_:_:)`` gives PostgreSQL's form of it.
    static let migrations: [StoreMigration] = {
        var m: [StoreMigration] = []
        m.append(StoreMigration("v1: entities, inspections, notice outbox") { db in
            try db.executeScript(ddl(db, """
                CREATE TABLE entity (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    jurisdiction TEXT NOT NULL,
                    approved_on INTEGER,          -- civil day number (days since 1970-01-01)
                    grade TEXT,
                    supervisor TEXT,
                    industry TEXT,
                    updated_at INTEGER NOT NULL,  -- unix seconds
                    updated_by INTEGER NOT NULL   -- uid of the acting user
                );
                CREATE TABLE directory_import (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,
                    by_uid INTEGER NOT NULL,
                    file TEXT NOT NULL,
                    added INTEGER NOT NULL,
                    updated INTEGER NOT NULL
                );
                CREATE TABLE inspection (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    entity_id TEXT NOT NULL REFERENCES entity(id),
                    date INTEGER NOT NULL,        -- civil day number
                    kind TEXT NOT NULL,
                    authority TEXT NOT NULL,
                    inspectors TEXT NOT NULL,     -- comma-separated inspector ids (v1–v10); a JSON array of names from v11
                    note TEXT,
                    recorded_at INTEGER NOT NULL,
                    recorded_by INTEGER NOT NULL
                );
                CREATE INDEX inspection_entity ON inspection(entity_id, date);
                -- The notice outbox: a notice is inserted in the same transaction that decides it,
                -- then delivered and marked. The unique key makes each stage of each obligation one notice.
                CREATE TABLE notice (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    key TEXT NOT NULL UNIQUE,
                    kind TEXT NOT NULL,
                    entity_id TEXT NOT NULL,
                    rule_id TEXT NOT NULL,
                    due INTEGER NOT NULL,
                    supervisor TEXT,
                    day INTEGER NOT NULL,
                    body TEXT NOT NULL,           -- the Notice as JSON
                    decided_at INTEGER NOT NULL,
                    delivered_at INTEGER
                );
                CREATE INDEX notice_undelivered ON notice(delivered_at) WHERE delivered_at IS NULL;
                """))
        })
        m.append(StoreMigration("v2: exception reasons, plans") { db in
            try db.executeScript(ddl(db, """
                ALTER TABLE inspection ADD COLUMN exception_reason TEXT;
                -- Managers' plans and waivers, one row per change: the newest row of a key is in force.
                CREATE TABLE obligation_plan (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    key TEXT NOT NULL,
                    planned INTEGER,              -- civil day number
                    waived_reason TEXT,
                    at INTEGER NOT NULL,
                    by_uid INTEGER NOT NULL
                );
                CREATE INDEX obligation_plan_key ON obligation_plan(key, id);
                """))
        })
        m.append(StoreMigration("v3: inspectors, conflicts, sample draws") { db in
            try db.executeScript(ddl(db, """
                -- The inspector pool (执法检查人员名录) drawn from in 双随机 sampling.
                CREATE TABLE inspector (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    office TEXT,
                    active INTEGER NOT NULL DEFAULT 1,
                    added_at INTEGER NOT NULL,    -- unix seconds
                    added_by INTEGER NOT NULL     -- uid of the acting user
                );
                -- Declared conflicts of interest (回避, RULES.md P07), append-only.
                CREATE TABLE conflict (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    inspector TEXT NOT NULL REFERENCES inspector(id),
                    entity TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    declared_at INTEGER NOT NULL,
                    declared_by INTEGER NOT NULL
                );
                CREATE INDEX conflict_entity ON conflict(entity);
                -- Recorded sample draws: everything needed to re-run and verify them. Never updated.
                CREATE TABLE sample_draw (
                    id TEXT PRIMARY KEY NOT NULL,   -- D-<period>-<rule>-<n>, e.g. D-2026-S01-1
                    rule TEXT NOT NULL,
                    period TEXT NOT NULL,           -- period label, e.g. 2026, 2026-Q1, 2026+2027
                    seed INTEGER NOT NULL,          -- the UInt64 seed's bit pattern
                    population_digest TEXT NOT NULL,
                    population TEXT NOT NULL,       -- JSON [{id, grade, industry}]: the snapshot used
                    inspectors TEXT NOT NULL,       -- JSON {pool, conflicts, workload}: what the inspectors were drawn from
                    parameters TEXT NOT NULL,       -- JSON: the rule's size, unit, weights, inspectors per entity
                    result TEXT NOT NULL,           -- JSON: the SampleDraw
                    drawn_at INTEGER NOT NULL,
                    drawn_by INTEGER NOT NULL
                );
                CREATE INDEX sample_draw_rule ON sample_draw(rule, period);
                """))
            // SQLite's implicit rowid orders the draws recorded in one second (the lists' cursor):
            // PostgreSQL's table gets the column under that name.
            if db.dialect == .postgresql {
                try db.executeScript("ALTER TABLE sample_draw ADD COLUMN rowid BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE")
            }
        })
        m.append(StoreMigration("v4: frozen obligations of closed periods") { db in
            try db.executeScript(ddl(db, """
                -- What obligations of closed periods demanded when a configuration reload changed the
                -- rules: history is not rewritten (issue 4). One row per obligation key, never updated.
                CREATE TABLE frozen_obligation (
                    key TEXT PRIMARY KEY NOT NULL,
                    entity_id TEXT NOT NULL,
                    body TEXT NOT NULL,           -- the FrozenObligation as JSON
                    frozen_at INTEGER NOT NULL
                );
                CREATE INDEX frozen_obligation_entity ON frozen_obligation(entity_id);
                """))
        })
        m.append(StoreMigration("v5: lifecycle events, inspection notice and findings") { db in
            try db.executeScript(ddl(db, """
                -- Events in the life of rectification orders, cases, reports and grades: appended,
                -- never updated; a correction is a new event naming the one it withdraws.
                CREATE TABLE lifecycle_event (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    subject TEXT NOT NULL,
                    entity_id TEXT NOT NULL REFERENCES entity(id),
                    kind TEXT NOT NULL,
                    at INTEGER NOT NULL,          -- local civil seconds since 1970-01-01T00:00
                    attributes TEXT NOT NULL,     -- JSON object of strings
                    note TEXT,
                    corrects INTEGER REFERENCES lifecycle_event(id),
                    recorded_at INTEGER NOT NULL,
                    recorded_by INTEGER NOT NULL
                );
                CREATE INDEX lifecycle_event_subject ON lifecycle_event(subject, at);
                CREATE INDEX lifecycle_event_entity ON lifecycle_event(entity_id);
                ALTER TABLE inspection ADD COLUMN advance_notice INTEGER;   -- civil day number (P02)
                ALTER TABLE inspection ADD COLUMN findings TEXT;
                """))
        })
        m.append(StoreMigration("v6: notice hook attempts and dead letters") { db in
            try db.executeScript(ddl(db, """
                -- The command hook's queue (notices.hook): a row per notice given to the hook, inserted
                -- before the notice is delivered to the log and journal (so a crash cannot lose it), and
                -- handed to the hook once the notice is delivered. Accepted or dead rows are kept.
                CREATE TABLE notice_hook (
                    key TEXT PRIMARY KEY NOT NULL REFERENCES notice(key),
                    queued_at INTEGER NOT NULL,       -- unix seconds
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    last_attempt_at INTEGER,
                    next_attempt_at INTEGER NOT NULL DEFAULT 0,
                    accepted_at INTEGER,              -- the hook exited 0
                    dead_at INTEGER                   -- dead-lettered after `retries` failed attempts
                );
                CREATE INDEX notice_hook_pending ON notice_hook(next_attempt_at) WHERE accepted_at IS NULL AND dead_at IS NULL;
                """))
        })
        m.append(StoreMigration("v7: per-sink notice delivery marks") { db in
            try db.executeScript(ddl(db, """
                -- Delivery goes log first, then journal, and each step is marked, so that after a crash
                -- the daemon knows which sink may already hold a notice and checks that sink instead
                -- of sending again: log_started_at is set before the log write (the line may be in
                -- the log), logged_at after the fsync (it is; the journal send may have started),
                -- delivered_at after the journal send (both sinks hold it).
                ALTER TABLE notice ADD COLUMN log_started_at INTEGER;
                ALTER TABLE notice ADD COLUMN logged_at INTEGER;
                UPDATE notice SET log_started_at = delivered_at, logged_at = delivered_at WHERE delivered_at IS NOT NULL;
                -- Undelivered rows of an older version: it wrote the log line before marking the
                -- notice delivered, so the line may be there. Looked for before writing again.
                UPDATE notice SET log_started_at = decided_at WHERE delivered_at IS NULL;
                """))
        })
        m.append(StoreMigration("v8: one queue per named notice hook") { db in
            try db.executeScript(ddl(db, """
                -- notices.hooks names one hook per channel (sms, oa, …), each with its own attempts and
                -- dead letters: the queue is keyed by (hook, key). Rows of v6 belong to notices.hook,
                -- whose name is "default".
                CREATE TABLE notice_hook_v8 (
                    hook TEXT NOT NULL,
                    key TEXT NOT NULL REFERENCES notice(key),
                    queued_at INTEGER NOT NULL,       -- unix seconds
                    attempts INTEGER NOT NULL DEFAULT 0,
                    last_error TEXT,
                    last_attempt_at INTEGER,
                    next_attempt_at INTEGER NOT NULL DEFAULT 0,
                    accepted_at INTEGER,              -- the hook exited 0
                    dead_at INTEGER,                  -- dead-lettered after `retries` failed attempts
                    PRIMARY KEY (hook, key)
                );
                INSERT INTO notice_hook_v8 (hook, key, queued_at, attempts, last_error, last_attempt_at, next_attempt_at, accepted_at, dead_at)
                    SELECT 'default', key, queued_at, attempts, last_error, last_attempt_at, next_attempt_at, accepted_at, dead_at FROM notice_hook;
                DROP TABLE notice_hook;
                ALTER TABLE notice_hook_v8 RENAME TO notice_hook;
                CREATE INDEX notice_hook_pending ON notice_hook(hook, next_attempt_at) WHERE accepted_at IS NULL AND dead_at IS NULL;
                """))
        })
        m.append(StoreMigration("v9: request ids of recorded facts") { db in
            try db.executeScript(ddl(db, """
                -- A client's id for a write (inspectctl makes one per command): a retry of the same
                -- request after a lost reply (the daemon crashed or restarted after the commit)
                -- finds the fact it already recorded instead of recording it twice.
                ALTER TABLE inspection ADD COLUMN request_id TEXT;
                CREATE UNIQUE INDEX inspection_request ON inspection(request_id) WHERE request_id IS NOT NULL;
                ALTER TABLE lifecycle_event ADD COLUMN request_id TEXT;
                CREATE UNIQUE INDEX lifecycle_event_request ON lifecycle_event(request_id) WHERE request_id IS NOT NULL;
                """))
        })
        m.append(StoreMigration("v10: request ids of sample draws and conflict declarations") { db in
            try db.executeScript(ddl(db, """
                ALTER TABLE sample_draw ADD COLUMN request_id TEXT;
                CREATE UNIQUE INDEX sample_draw_request ON sample_draw(request_id) WHERE request_id IS NOT NULL;
                ALTER TABLE conflict ADD COLUMN request_id TEXT;
                CREATE UNIQUE INDEX conflict_request ON conflict(request_id) WHERE request_id IS NOT NULL;
                """))
        })
        m.append(StoreMigration("v11: inspectors as a list") { db in
            // Issue 10, drill 8: inspectors were stored comma-joined, so `张,伟` came back as two.
            // From now on the column holds a JSON array of names. Rows written before hold the
            // comma-joined form; that is what they meant then (a name with a comma could not be
            // written back then either), so they are split on commas once, here.
            let rows = try db.rows("SELECT id, inspectors FROM inspection")
            for row in rows {
                let joined: String = row["inspectors"]
                let list = joined.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                try db.execute("UPDATE inspection SET inspectors = ? WHERE id = ?",
                               [StoreSchema.inspectorList(list), row["id"] as Int64])
            }
        })
        m.append(StoreMigration("v12: directory imports in parts") { db in
            // A directory too large for one message (a province: 1,000,000 rows) arrives in parts;
            // each part's validated rows wait here until the import is committed (one statement
            // into `entity`, all or nothing) or dropped. Scratch space: emptied at start-up.
            try db.executeScript(ddl(db, """
                CREATE TABLE import_staging (
                    import_id TEXT NOT NULL,
                    line INTEGER NOT NULL,          -- physical line in the imported file
                    id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    jurisdiction TEXT NOT NULL,
                    approved_on INTEGER,
                    grade TEXT,
                    supervisor TEXT,
                    industry TEXT,
                    PRIMARY KEY (import_id, id)     -- an id given twice in one file is refused
                ) WITHOUT ROWID;
                """))
        })
        m.append(StoreMigration("v13: pages of the outbox by supervisor") { db in
            try db.executeScript("CREATE INDEX notice_supervisor ON notice(supervisor, id)")
        })
        m.append(StoreMigration("v14: pages of the inspections by date") { db in
            try db.executeScript("CREATE INDEX inspection_date ON inspection(date, id)")
        })
        m.append(StoreMigration("v15: the audit trail") { db in
            // Append-only (issue 12): the evidence of who did what is never edited.
            try db.executeScript(ddl(db, """
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at INTEGER NOT NULL,            -- unix seconds
                    uid INTEGER NOT NULL,
                    login TEXT,
                    role TEXT NOT NULL,             -- reader, supervisor, manager, admin
                    method TEXT NOT NULL,
                    entity TEXT,
                    key TEXT,
                    outcome TEXT NOT NULL,          -- ok, refused, failed
                    reason TEXT,
                    request_id TEXT
                );
                CREATE INDEX audit_login ON audit(login, id);
                CREATE INDEX audit_entity ON audit(entity, id);
                """))
            switch db.dialect {
            case .sqlite:
                try db.executeScript("""
                    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
                    """)
            case .postgresql:
                try db.executeScript("""
                    CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
                        $$ BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$;
                    CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
                    CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit FOR EACH ROW EXECUTE FUNCTION audit_append_only();
                    """)
            }
        })
        m.append(StoreMigration("v17: digests of the built-in channels") { db in
            // A digest (issue 13) is one message for several notices of one channel: its members
            // carry its key, set in one transaction before it is sent and marked accepted (or
            // failed) together, so a crash never sends a digest twice under two keys nor loses
            // a member.
            try db.executeScript(ddl(db, """
                ALTER TABLE notice_hook ADD COLUMN digest TEXT;
                CREATE INDEX notice_hook_digest ON notice_hook(hook, digest) WHERE digest IS NOT NULL;
                """))
        })
        m.append(StoreMigration("v16: sample draws listed and read in pages") { db in
            // At a province's size a draw's population is a million members and its result can be
            // hundreds of thousands of entities: a list of draws reads the summary columns, a
            // draw's entities are read a page at a time from rows (issue 11), and neither decodes
            // the population again.
            try db.executeScript(ddl(db, """
                ALTER TABLE sample_draw ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE sample_draw ADD COLUMN population_size INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE sample_draw ADD COLUMN industries TEXT NOT NULL DEFAULT '[]';
                ALTER TABLE sample_draw ADD COLUMN entity_count INTEGER NOT NULL DEFAULT 0;
                -- The drawn entities of a draw in draw order, with their grade and industry as
                -- the recorded population had them. Never updated.
                CREATE TABLE sample_draw_entity (
                    draw_id TEXT NOT NULL REFERENCES sample_draw(id),
                    ord INTEGER NOT NULL,           -- 0-based draw order
                    entity TEXT NOT NULL,
                    grade TEXT,
                    industry TEXT,
                    inspectors TEXT NOT NULL,       -- JSON array of inspector ids
                    PRIMARY KEY (draw_id, ord)
                ) WITHOUT ROWID;
                """))
            // One draw at a time (a population is tens of MB at a province's size); a draw that
            // cannot be read back keeps zero summaries and no rows (`plan verify` reports it)
            // rather than stopping the daemon from starting.
            for id in try db.values(as: String.self, "SELECT id FROM sample_draw ORDER BY rowid") {
                guard let row = try db.row("SELECT * FROM sample_draw WHERE id = ?", [id]),
                      let record = try? FactStore.draw(row) else { continue }
                try FactStore.insertSummary(db, record)
            }
        })
        m.append(StoreMigration("v18: the daemon delivering each notice") { db in
            // Several daemons on one PostgreSQL store (issue 16): a notice whose delivery another
            // daemon began, and which that daemon is still alive to finish, is left to it.
            try db.executeScript(ddl(db, "ALTER TABLE notice ADD COLUMN delivered_by TEXT"))
        })
        m.append(StoreMigration("v19: one daemon at a time runs each channel") { db in
            // Several daemons on one PostgreSQL store (issue 16): a channel's or hook's queue is
            // run by the daemon holding its lease, so two daemons that both believe they lead
            // for a moment never both send one notice through it. Renewed while it runs.
            try db.executeScript(ddl(db, """
                CREATE TABLE hook_lease (
                    hook TEXT PRIMARY KEY NOT NULL,
                    holder TEXT NOT NULL,         -- the daemon's instance name
                    until INTEGER NOT NULL        -- unix seconds
                );
                """))
        })
        m.append(StoreMigration("v20: inspectors' territories, capacity and leave") { db in
            // The visit planner: which jurisdictions (辖区) and kinds an inspector covers (NULL:
            // all), how many visits a day; and days off, withdrawn by a correction, never deleted.
            try db.executeScript(ddl(db, """
                ALTER TABLE inspector ADD COLUMN jurisdictions TEXT;
                ALTER TABLE inspector ADD COLUMN kinds TEXT;
                ALTER TABLE inspector ADD COLUMN visits_per_day INTEGER NOT NULL DEFAULT 3;
                CREATE TABLE inspector_leave (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    inspector TEXT NOT NULL REFERENCES inspector(id),
                    from_day INTEGER NOT NULL,    -- civil day numbers, inclusive
                    to_day INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    recorded_at INTEGER NOT NULL,
                    recorded_by INTEGER NOT NULL,
                    withdrawn_at INTEGER,
                    withdrawn_by INTEGER,
                    withdrawal_reason TEXT
                );
                CREATE INDEX inspector_leave_days ON inspector_leave(to_day);
                """))
        })
        m.append(StoreMigration("v21: planned visits") { db in
            // A proposal's visits a manager applied: moved or cancelled by a decision with its
            // reason, never deleted. Read by every daemon from here (not held in memory).
            try db.executeScript(ddl(db, """
                CREATE TABLE planned_visit (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    day INTEGER NOT NULL,         -- civil day number
                    entity TEXT NOT NULL,
                    jurisdiction TEXT NOT NULL,
                    obligations TEXT NOT NULL,    -- JSON array of obligation keys
                    inspectors TEXT NOT NULL,     -- JSON array of inspector ids
                    due_day INTEGER NOT NULL,
                    reason TEXT NOT NULL,
                    applied_at INTEGER NOT NULL,
                    applied_by INTEGER NOT NULL,
                    moved_from INTEGER,
                    move_reason TEXT,
                    moved_at INTEGER,
                    moved_by INTEGER,
                    cancelled_at INTEGER,
                    cancelled_by INTEGER,
                    cancel_reason TEXT
                );
                CREATE INDEX planned_visit_day ON planned_visit(day);
                CREATE INDEX planned_visit_entity ON planned_visit(entity);
                """))
        })
        m.append(StoreMigration("v22: an applied visit's reason as codes") { db in
            // The planner's clauses (JSON array of {code, values}), so that the reason is said in
            // the reader's language; NULL for visits applied before (their sentence only).
            try db.executeScript(ddl(db, "ALTER TABLE planned_visit ADD COLUMN reasons TEXT"))
        })
        m.append(StoreMigration("v23: the change feed of shared stores") { db in
            // What each write changed, kept a while for the daemons whose listener was away
            // (``ChangeFeed``). SQLite's daemon is alone on its file: nothing to keep there, but
            // the step is applied on both engines, which share their versions.
            guard db.dialect == .postgresql else { return }
            try db.executeScript(ChangeFeed.createTable)
        })
        m.append(StoreMigration("v24: who stages each import, and when last") { db in
            // Several daemons on one PostgreSQL store: an import whose daemon died or lost the
            // database mid-way left its staged rows until that daemon started again. One row per
            // import in parts, touched by each part on the database's clock (the daemons' hosts
            // need not agree), so that any daemon can tell a staging whose daemon is gone, or
            // that no part reached for longer than an import may wait, and remove it.
            try db.executeScript(ddl(db, """
                CREATE TABLE import_open (
                    import_id TEXT PRIMARY KEY NOT NULL,
                    instance TEXT NOT NULL,         -- the daemon staging it
                    touched INTEGER NOT NULL        -- unix seconds, the database's clock: its last part
                );
                """))
        })
        return m
    }()

    /// The migrations up to and including `identifier` (tests make databases of older versions).
    static func migrations(through identifier: String) -> [StoreMigration] {
        guard let last = migrations.firstIndex(where: { $0.identifier == identifier }) else { return [] }
        return Array(migrations[...last])
    }

    /// A migration's DDL, written for SQLite, in the connection's dialect. PostgreSQL's form:
    /// integers are 64-bit (`BIGINT`: unix seconds, seeds), an autoincrement key is an identity
    /// column, text compares byte by byte as in SQLite (`COLLATE "C"`: the same order of ids and
    /// cursors on both engines), and there is no `WITHOUT ROWID`.
    static func ddl(_ db: any StoreConnection, _ sqlite: String) -> String {
        guard db.dialect == .postgresql else { return sqlite }
        return sqlite
            .replacingOccurrences(of: "INTEGER PRIMARY KEY AUTOINCREMENT", with: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
            .replacingOccurrences(of: "INTEGER", with: "BIGINT")
            .replacingOccurrences(of: " TEXT", with: " TEXT COLLATE \"C\"")
            .replacingOccurrences(of: ") WITHOUT ROWID", with: ")")
    }

    /// The stored form of an inspection's inspectors: a JSON array of names (v11).
    static func inspectorList(_ names: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(names), as: UTF8.self)) ?? "[]"
    }

    /// The names of the stored form; `[]` for text that is not a JSON array of strings.
    static func inspectorNames(_ stored: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(stored.utf8))) ?? []
    }
}
