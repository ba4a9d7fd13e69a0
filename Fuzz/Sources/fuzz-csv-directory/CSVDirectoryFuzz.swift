// Fuzz target `csv-directory`: the entity directory (名录库) CSV, as `inspectctl entity import`
// and `directory.bootstrap` hand it to `EntityDirectoryCSV.parse(_:file:supervisors:)`.
//
// The input is the file's bytes (invalid UTF-8 is repaired, as a JSON string from the control
// socket would be). A rejection (`ConfigError`) is fine; a trap is not, and what is accepted must
// satisfy what the parser promises: unique ids without spaces or '/', non-empty required
// columns, known kinds, known supervisors.
import Foundation
import FuzzSupport
import InspectConfig
import InspectCore

/// The supervisor ids of the shipped `config/inspectd.yaml`.
let supervisors: Set<String> = Set((1...9).map { "S0\($0)" })

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: FuzzInput(data, size).bytes, as: UTF8.self)
    let entities: [Entity]
    do {
        entities = try EntityDirectoryCSV.parse(text, file: "fuzz.csv", supervisors: supervisors)
    } catch let e as ConfigError {
        trace("rejected: \(e)")
        guard e.file == "fuzz.csv", (e.line ?? 1) >= 1 else { invariantFailed("error names another file or line: \(e)") }
        return 0
    } catch {
        invariantFailed("parse threw a \(type(of: error)), not a ConfigError: \(error)")
    }
    trace("accepted \(entities.count) entities")
    var ids: Set<String> = []
    for e in entities {
        guard !e.id.isEmpty, !e.id.contains(where: { $0.isWhitespace || $0 == "/" }) else { invariantFailed("accepted id '\(e.id)'") }
        guard ids.insert(e.id).inserted else { invariantFailed("accepted id '\(e.id)' twice") }
        guard !e.name.isEmpty, !e.jurisdiction.isEmpty else { invariantFailed("accepted an empty name or jurisdiction: \(e)") }
        guard EntityKind.isKnown(e.kind) else { invariantFailed("accepted kind '\(e.kind)'") }
        if let s = e.supervisor, !supervisors.contains(s) { invariantFailed("accepted supervisor '\(s)'") }
        if let a = e.approvedOn {
            // An accepted date prints back as the text it came from would: YYYY-MM-DD.
            guard CivilDate(iso: a.iso) == a else { invariantFailed("approved_on \(a.iso) does not read back") }
        }
    }
    return 0
}
