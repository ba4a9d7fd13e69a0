import Foundation

/// Copies an office's state from one store into another — its SQLite file into a PostgreSQL
/// database when it joins a platform (issue 16) — and verifies the copy row for row.
public enum StoreCopy {
    /// What one table holds: its rows and a digest of them (FNV-1a, 64 bits, over every row in
    /// key order, each column as `name=value`): two stores agree on a table when both agree.
    public struct Table: Sendable, Equatable, Codable {
        public var table: String
        public var rows: Int
        public var digest: String
    }

    /// Why a copy was refused or did not verify.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case targetNotEmpty(table: String, rows: Int)
        case mismatch(table: String, source: Table, target: Table)
        case schemaDiffers(source: [String], target: [String])

        public var description: String {
            switch self {
            case .targetNotEmpty(let t, let n):
                "the target already holds facts (\(n) row(s) in \(t)): copy into an empty database only"
            case .mismatch(let t, let s, let d):
                "the copy of \(t) does not match: \(s.rows) row(s) (digest \(s.digest)) in the source, \(d.rows) (\(d.digest)) in the target"
            case .schemaDiffers(let s, let d):
                "the two stores are at different schema versions (source \(s.last ?? "none"), target \(d.last ?? "none")): open both with the same inspectd first"
            }
        }
    }

    /// Every table of the state in the order a copy fills them (a row's references first), with
    /// the columns that order its rows. `import_staging` is scratch space (emptied at start-up).
    static let tables: [(name: String, order: String)] = [
        ("entity", "id"), ("directory_import", "id"), ("inspection", "id"), ("obligation_plan", "id"),
        ("notice", "id"), ("notice_hook", "hook, key"), ("inspector", "id"), ("conflict", "id"),
        ("sample_draw", "rowid"), ("sample_draw_entity", "draw_id, ord"), ("frozen_obligation", "key"),
        ("lifecycle_event", "id"), ("audit", "id"), ("inspector_leave", "id"), ("planned_visit", "id"),
    ]

    /// SQLite's `sample_draw` orders by its implicit rowid, which `*` does not return.
    static func select(_ table: String, order: String, _ dialect: SQLDialect) -> String {
        let columns = table == "sample_draw" && dialect == .sqlite ? "rowid AS rowid, *" : "*"
        return "SELECT \(columns) FROM \(table) ORDER BY \(order)"
    }

    /// Copies every table of `source` into `target` (which must be empty and at the same schema
    /// version), from one read transaction of the source (a consistent state even while its
    /// daemon runs), `batch` rows per write (into PostgreSQL one COPY each: a transaction's
    /// commit, not its rows, is what a batch costs there); then verifies both, table by table.
    @discardableResult
    public static func copy(from source: FactStore, to target: FactStore, batch: Int = 50_000,
                            progress: (String, Int) -> Void = { _, _ in }) throws -> [Table] {
        // The same migrations (as sets: their order of application varies with an office's history).
        let (s, t) = (try source.appliedMigrations(), try target.appliedMigrations())
        guard Set(s) == Set(t) else { throw Failure.schemaDiffers(source: s, target: t) }
        for (name, _) in tables {
            let n = try target.engine.read { try $0.value(as: Int.self, "SELECT COUNT(*) FROM \(name)") } ?? 0
            if n > 0 { throw Failure.targetNotEmpty(table: name, rows: n) }
        }
        // The source's digest from the same snapshot as the copy: its daemon may write meanwhile.
        nonisolated(unsafe) var targetDigest: Result<[Table], any Error> = .success([])
        let before = try snapshot(source) { db -> [Table] in
            for (name, order) in tables {
                var rows: [StoreRow] = []
                var copied = 0
                func flush() throws {
                    guard let first = rows.first else { return }
                    try target.engine.write { out in try out.insertRows(into: name, columns: first.columns.names, rows.map(\.values)) }
                    copied += rows.count
                    progress(name, copied)
                    rows.removeAll(keepingCapacity: true)
                }
                try db.forEachRow(select(name, order: order, db.dialect), []) { row in
                    rows.append(row)
                    if rows.count >= batch { try flush() }
                }
                try flush()
            }
            if target.dialect == .postgresql {
                // The identity columns go on from the copied ids, not from 1.
                try target.engine.write { db in
                    for (table, column) in [("directory_import", "id"), ("inspection", "id"), ("obligation_plan", "id"), ("notice", "id"),
                                            ("conflict", "id"), ("sample_draw", "rowid"), ("lifecycle_event", "id"), ("audit", "id")] {
                        try db.execute("SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), COALESCE((SELECT MAX(\(column)) FROM \(table)), 0) + 1, false)")
                    }
                }
            }
            // The two digests side by side, the target's on a thread of its own: each is a read
            // of every row (a province's million twice), and they share nothing.
            let done = DispatchSemaphore(value: 0)
            Thread {
                targetDigest = Result { try digest(of: target) }
                done.signal()
            }.start()
            let sourceDigest = Result { try digest(db) }
            done.wait()
            return try sourceDigest.get()
        }
        let after = try targetDigest.get()
        for (s, d) in zip(before, after) where s != d { throw Failure.mismatch(table: s.table, source: s, target: d) }
        return after
    }

    /// Each table's rows and digest (`inspectctl storage verify`).
    public static func digest(of store: FactStore) throws -> [Table] {
        try snapshot(store) { try digest($0) }
    }

    static func digest(_ db: any StoreConnection) throws -> [Table] {
        try tables.map { (name, order) in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            var n = 0
            @inline(__always) func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            func mix(_ text: String) { for b in text.utf8 { mix(b) } }
            func end() { mix(0xff) }  // a separator no UTF-8 byte is
            // The columns in name order, found once per table (every row has the same).
            var byName: [Int]?
            try db.forEachRow(select(name, order: order, db.dialect), []) { row in
                n += 1
                let names = row.columns.names
                let columns = byName ?? names.indices.sorted { names[$0] < names[$1] }
                byName = columns
                // Bytes as `name`, then `t…`, `i…`, `r…` or NUL `null`, each ended by 0xff: the
                // same digest as ever, without a string made per value (a million rows twice).
                for c in columns {
                    mix(names[c]); end()
                    switch row.values[c] {
                    case .null: mix("\u{0}null")
                    case .integer(let i): mix(UInt8(ascii: "i")); mixDecimal(i, mix)
                    case .real(let d): mix("r\(d)")
                    case .text(let s): mix(UInt8(ascii: "t")); mix(s)
                    }
                    end()
                }
            }
            return Table(table: name, rows: n, digest: String(hash, radix: 16))
        }
    }

    /// The decimal digits of `value` as `String(value)` spells them, fed to `mix` one by one.
    static func mixDecimal(_ value: Int64, _ mix: (UInt8) -> Void) {
        if value < 0 { mix(UInt8(ascii: "-")) }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude, count = 0
            repeat {
                digits[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for i in stride(from: count - 1, through: 0, by: -1) { mix(digits[i]) }
        }
    }

    /// One state of `store` throughout (a copy of a running daemon's store is consistent).
    static func snapshot<T>(_ store: FactStore, _ body: (any StoreConnection) throws -> T) throws -> T {
        try store.engine.readSnapshot(body)
    }

}
