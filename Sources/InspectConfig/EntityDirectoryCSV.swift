import InspectCore

/// The CSV form of the entity directory (名录库), header
/// `id,name,kind,jurisdiction,approved_on,grade,supervisor,industry` (columns in any order).
///
/// The whole file is validated before anything is imported: one bad row rejects the file with
/// `FILE:N: column: reason`, so a directory is never half-imported.
public enum EntityDirectoryCSV {
    public static let columns = ["id", "name", "kind", "jurisdiction", "approved_on", "grade", "supervisor", "industry"]
    static let requiredColumns: Set<String> = ["id", "name", "kind", "jurisdiction"]

    /// Parses and validates `text` (the contents of `file`, named in errors).
    /// - Parameter supervisors: the known supervisor ids; a row naming another one is rejected.
    public static func parse(_ text: String, file: String, supervisors: Set<String>) throws -> [Entity] {
        try parseRows(text, file: file, supervisors: supervisors).map(\.entity)
    }

    /// Like `parse`, with each entity's physical line. `text` may be one part of a larger file
    /// (a directory imported in parts): its header, then the lines from `firstLine` on, so that
    /// errors name the line of the whole file.
    public static func parseRows(_ text: String, file: String, supervisors: Set<String>, firstLine: Int = 2) throws -> [(line: Int, entity: Entity)] {
        let offset = firstLine - 2
        let records: [CSVRecords.Record]
        do { records = try CSVRecords.parse(text) } catch let e as CSVRecords.SyntaxError {
            throw ConfigError(file: file, line: e.line > 1 ? e.line + offset : e.line, e.problem)
        }
        guard let header = records.first else { throw ConfigError(file: file, line: 1, ConfigProblem(.emptyCSV, columns.joined(separator: ","))) }
        var index: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            let col = name.trimmingCharacters(in: .whitespaces)
            guard columns.contains(col) else {
                throw ConfigError(file: file, line: header.line, key: col, ConfigProblem(.unknownColumn, columns.joined(separator: ",")))
            }
            guard index[col] == nil else { throw ConfigError(file: file, line: header.line, key: col, ConfigProblem(.columnTwice)) }
            index[col] = i
        }
        for col in columns where requiredColumns.contains(col) && index[col] == nil {
            throw ConfigError(file: file, line: header.line, key: col, ConfigProblem(.missingColumn))
        }

        var entities: [(line: Int, entity: Entity)] = []
        entities.reserveCapacity(records.count)
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let line = record.line + offset
            func fail(_ key: String?, _ code: ConfigProblem.Code, _ values: String...) -> ConfigError {
                ConfigError(file: file, line: line, key: key, ConfigProblem(code: code, values: values))
            }
            guard record.fields.count == header.fields.count else {
                throw fail(nil, .fieldCount, "\(record.fields.count)", "\(header.fields.count)")
            }
            // Every cell: one line, no control characters, bounded (TextRules; issue 10).
            func value(_ col: String) throws -> String? {
                guard let i = index[col] else { return nil }
                let v = record.fields[i].trimmedOfWhitespace
                let limit = col == "id" || col == "supervisor" || col == "kind" || col == "grade" ? TextRules.identifierLength : TextRules.lineLength
                if let issue = TextRules.issue(with: v, maxLength: limit) {
                    throw ConfigError(file: file, line: line, key: col, ConfigProblem(issue, yaml: false))
                }
                return v.isEmpty ? nil : v
            }
            guard let id = try value("id") else { throw fail("id", .empty) }
            guard !id.contains(where: { $0.isWhitespace || $0 == "/" }) else { throw fail("id", .idCharacters, id) }
            if let first = seen[id] { throw fail("id", .idAlreadyUsed, id, "\(first)") }
            seen[id] = line
            guard let name = try value("name") else { throw fail("name", .empty) }
            guard let kind = try value("kind") else { throw fail("kind", .empty) }
            guard EntityKind.isKnown(kind) else {
                throw fail("kind", .unknownKind, kind, EntityKind.known.keys.sorted().joined(separator: ", "))
            }
            guard let jurisdiction = try value("jurisdiction") else { throw fail("jurisdiction", .empty) }
            var approved: CivilDate?
            if let a = try value("approved_on") {
                guard let d = CivilDate(iso: a) else { throw fail("approved_on", .notADate, a) }
                guard CivilDate.factRange.contains(d) else { throw fail("approved_on", .outOfRange, a, CivilDate.factRangeText) }
                approved = d
            }
            let supervisor = try value("supervisor")
            if let s = supervisor, !supervisors.contains(s) {
                throw fail("supervisor", .unknownSupervisor, s)
            }
            entities.append((line, Entity(id: id, name: name, kind: kind, jurisdiction: jurisdiction, approvedOn: approved,
                                          grade: try value("grade"), supervisor: supervisor, industry: try value("industry"))))
        }
        return entities
    }
}

import Foundation

extension String {
    /// Without leading and trailing white space (`CharacterSet.whitespaces`: Unicode Zs and tab).
    /// Most cells have none: those are returned as they are, without Foundation's trimming,
    /// which costs a microsecond a cell (a province's directory has 8,000,000).
    var trimmedOfWhitespace: String {
        func isSpace(_ s: Unicode.Scalar) -> Bool { s == "\t" || s.properties.generalCategory == .spaceSeparator }
        guard let first = unicodeScalars.first, let last = unicodeScalars.last, isSpace(first) || isSpace(last) else { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
