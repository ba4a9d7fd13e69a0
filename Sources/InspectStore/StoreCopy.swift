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
        // The source's digest from the same snapshot as the copy (its daemon may write meanwhile),
        // computed from the rows as they are copied (the file is read once, not twice); the rows
        // go to PostgreSQL on a thread of their own while the next batch is read.
        let before = try snapshot(source) { db -> [Table] in
            var digests: [Table] = []
            let sender = BatchSender(target: target)
            defer { sender.close() }
            for (name, order) in tables {
                var digest = TableDigest(name)
                var rows: [StoreRow] = []
                rows.reserveCapacity(min(batch, 65_536))
                var copied = 0
                func flush() throws {
                    guard let first = rows.first else { return }
                    try sender.send(into: name, columns: first.columns.names, rows.map(\.values))
                    copied += rows.count
                    progress(name, copied)
                    rows.removeAll(keepingCapacity: true)
                }
                try db.forEachRow(select(name, order: order, db.dialect), []) { row in
                    digest.add(row)
                    rows.append(row)
                    if rows.count >= batch { try flush() }
                }
                try flush()
                digests.append(digest.table)
            }
            try sender.finish()
            if target.dialect == .postgresql {
                // The identity columns go on from the copied ids, not from 1.
                try target.engine.write { db in
                    for (table, column) in [("directory_import", "id"), ("inspection", "id"), ("obligation_plan", "id"), ("notice", "id"),
                                            ("conflict", "id"), ("sample_draw", "rowid"), ("lifecycle_event", "id"), ("audit", "id")] {
                        try db.execute("SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), COALESCE((SELECT MAX(\(column)) FROM \(table)), 0) + 1, false)")
                    }
                }
            }
            return digests
        }
        let after = try digest(of: target)
        for (s, d) in zip(before, after) where s != d { throw Failure.mismatch(table: s.table, source: s, target: d) }
        return after
    }

    /// Sends batches of rows to the target, each in its own write (one COPY on PostgreSQL), on a
    /// thread of its own: one batch is sent while the next is read. The first failure is thrown
    /// by the next `send` or by `finish`.
    final class BatchSender: @unchecked Sendable {  // its state behind `lock`
        private let target: FactStore
        private let lock = NSCondition()
        private var queue: [(table: String, columns: [String], rows: [[StoreValue]])] = []
        private var failure: (any Error)?
        private var closed = false
        private var busy = false
        private var thread: Thread?

        init(target: FactStore) {
            self.target = target
            let t = Thread { [self] in run() }
            thread = t
            t.start()
        }

        private func run() {
            while true {
                lock.lock()
                while queue.isEmpty && !closed { lock.wait() }
                if queue.isEmpty { lock.unlock(); return }
                let next = queue.removeFirst()
                busy = true
                lock.unlock()
                var error: (any Error)?
                if failureNow == nil {
                    do { try target.engine.write { out in try out.insertRows(into: next.table, columns: next.columns, next.rows) } } catch let e { error = e }
                }
                lock.lock()
                busy = false
                if let error, failure == nil { failure = error }
                lock.broadcast()
                lock.unlock()
            }
        }

        private var failureNow: (any Error)? { lock.lock(); defer { lock.unlock() }; return failure }

        /// Queues a batch; waits while one is already waiting (two in memory at most).
        func send(into table: String, columns: [String], _ rows: [[StoreValue]]) throws {
            lock.lock()
            defer { lock.unlock() }
            while !queue.isEmpty && failure == nil { lock.wait() }
            if let failure { throw failure }
            queue.append((table, columns, rows))
            lock.broadcast()
        }

        /// Waits until every batch is written.
        func finish() throws {
            lock.lock()
            defer { lock.unlock() }
            while (!queue.isEmpty || busy) && failure == nil { lock.wait() }
            if let failure { throw failure }
        }

        func close() {
            lock.lock()
            closed = true
            queue.removeAll()
            lock.broadcast()
            lock.unlock()
        }
    }

    /// Each table's rows and digest (`inspectctl storage verify`).
    public static func digest(of store: FactStore) throws -> [Table] {
        try snapshot(store) { try digest($0) }
    }

    static func digest(_ db: any StoreConnection) throws -> [Table] {
        try tables.map { (name, order) in
            let sql = select(name, order: order, db.dialect)
            var digest = TableDigest(name)
            if let pg = db as? PostgresStoreConnection {
                // COPY's text stream: the values' bytes are digested as they came (integers print
                // as `String` spells them); each column's type, for its tag, from an empty result.
                let empty = try pg.c.run("SELECT * FROM (\(sql)) s LIMIT 0", [])
                let shape = withExtendedLifetime(empty) { PostgresRowDecoder(empty.result) }
                try pg.forEachCopiedRow(sql, []) { digest.add($0, shape) }
            } else {
                try db.forEachRow(sql, []) { digest.add($0) }
            }
            return digest.table
        }
    }

    /// FNV-1a (64 bits) over a table's rows in key order, each row's columns in name order, each
    /// as `name`, then `i…`, `t…`, `r…` or NUL `null` (the value as `String` spells it), every
    /// part ended by 0xff (a byte no UTF-8 text holds). No string is made per value.
    struct TableDigest {
        let name: String
        private var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        private var rows = 0
        /// The columns in name order, found once (every row of a table has the same).
        private var byName: [Int]?

        init(_ name: String) { self.name = name }

        var table: Table { Table(table: name, rows: rows, digest: String(hash, radix: 16)) }

        @inline(__always) private mutating func mix(_ byte: UInt8) { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        private mutating func mix(_ text: String) { for b in text.utf8 { mix(b) } }
        private mutating func mix(_ bytes: UnsafeBufferPointer<UInt8>) { for b in bytes { mix(b) } }
        private mutating func end() { mix(0xff) }

        private mutating func order(_ names: [String]) -> [Int] {
            if let byName { return byName }
            let columns = names.indices.sorted { names[$0] < names[$1] }
            byName = columns
            return columns
        }

        mutating func add(_ row: StoreRow) {
            rows += 1
            let names = row.columns.names
            for c in order(names) {
                mix(names[c]); end()
                switch row.values[c] {
                case .null: mix("\u{0}null")
                case .integer(let i): mix(UInt8(ascii: "i")); StoreCopy.mixDecimal(i) { mix($0) }
                case .real(let d): mix("r\(d)")
                case .text(let s): mix(UInt8(ascii: "t")); mix(s)
                }
                end()
            }
        }

        /// A row of COPY's text, typed as ``PostgresRowDecoder`` types a column.
        mutating func add(_ row: PostgresCopyRow, _ shape: PostgresRowDecoder) {
            rows += 1
            let names = shape.columns.names
            for c in order(names) {
                mix(names[c]); end()
                if row.isNull(c) {
                    mix("\u{0}null")
                } else {
                    let bytes = row.bytes(c)
                    switch shape.types[c] {
                    case 20, 21, 23, 26: mix(UInt8(ascii: "i")); mix(bytes)
                    case 16: mix(UInt8(ascii: "i")); mix(bytes.first == UInt8(ascii: "t") ? UInt8(ascii: "1") : UInt8(ascii: "0"))
                    case 700, 701, 1700:
                        let text = String(decoding: bytes, as: UTF8.self)
                        if shape.types[c] == 1700, row.integer(c) != nil { mix(UInt8(ascii: "i")); mix(bytes) }
                        else if let d = Double(text) { mix("r\(d)") }
                        else { mix(UInt8(ascii: "t")); mix(bytes) }
                    default: mix(UInt8(ascii: "t")); mix(bytes)
                    }
                }
                end()
            }
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
