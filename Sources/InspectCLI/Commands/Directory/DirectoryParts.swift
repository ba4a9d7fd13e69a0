import Foundation
import InspectConfig
import InspectControl
import Varlink
#if canImport(Glibc)
import Glibc
#endif

/// A CSV directory cut into parts that each fit in one message: the header, then runs of whole
/// records (never cut inside a quoted field), each with the physical line it starts on, so that
/// the daemon's errors name lines of the whole file.
struct DirectoryParts {
    /// Bytes of records per part: half the daemon's 8 MiB message limit, room for JSON escaping.
    static let partSize = 4 << 20

    var header: [UInt8] = []
    var parts: [(firstLine: Int, bytes: ArraySlice<UInt8>, records: Int)] = []
    var records: Int { parts.reduce(0) { $0 + $1.records } }

    init(_ bytes: [UInt8], limit: Int) {
        var line = 1
        var inQuotes = false
        var recordStart = 0
        var recordLine = 1
        var partStart = -1
        var partLine = 0
        var partRecords = 0
        var i = 0
        func endRecord(at end: Int) {
            if header.isEmpty && parts.isEmpty && partStart < 0 {
                header = Array(bytes[recordStart..<end])
            } else {
                if partStart < 0 { partStart = recordStart; partLine = recordLine; partRecords = 0 }
                if end - partStart > limit && partRecords > 0 {
                    parts.append((partLine, bytes[partStart..<recordStart], partRecords))
                    partStart = recordStart; partLine = recordLine; partRecords = 0
                }
                if bytes[recordStart..<end].contains(where: { $0 != 0x0A && $0 != 0x0D }) { partRecords += 1 }
            }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 { inQuotes.toggle() }
            if b == 0x0A {
                line += 1
                if !inQuotes {
                    endRecord(at: i + 1)
                    recordStart = i + 1
                    recordLine = line
                }
            }
            i += 1
        }
        if recordStart < bytes.count { endRecord(at: bytes.count) }
        if partStart >= 0 { parts.append((partLine, bytes[partStart..<bytes.count], partRecords)) }
    }
}

extension ConnectionOptions {
    /// BeginImport, ImportPart for each part, CommitImport, on one connection; a progress line on
    /// standard error when it is a terminal. A failure aborts the import (the daemon drops it).
    func importInParts(file: String, _ parts: DirectoryParts) throws -> Control.ImportResult {
        let client: VarlinkClient
        do { client = try VarlinkClient.connect(path: path, timeout: .seconds(300)) } catch let e as VarlinkConnectionError {
            throw CLIFailure(Messages.say(.cannotReach, path, ConnectionErrorText.text(e)), code: CLIFailure.unavailable)
        }
        defer { client.close() }
        let terminal = isatty(STDERR_FILENO) == 1
        func progress(_ text: String) {
            guard terminal else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
        }
        var importID: String?
        do {
            let handle = try client.call(method: ControlInterface.Method.beginImport.qualified, parameters: Control.BeginImportRequest(file: file),
                                         as: Control.ImportHandle.self)
            importID = handle.import
            let total = parts.records
            var staged = 0
            for part in parts.parts {
                guard let csv = String(bytes: parts.header + part.bytes, encoding: .utf8) else {
                    throw CLIFailure(DataErrorMessages.text(ConfigError(file: file, line: part.firstLine, ConfigProblem(.notUTF8Spreadsheet))), code: CLIFailure.dataError)
                }
                let r = try client.call(method: ControlInterface.Method.importPart.qualified,
                                        parameters: Control.ImportPartRequest(import: handle.import, csv: csv, firstLine: part.firstLine),
                                        as: Control.ImportPartResult.self)
                staged += r.rows
                progress("inspectctl: " + Messages.say(.importProgress, file, "\(staged)", "\(total)", "\(total == 0 ? 100 : staged * 100 / total)"))
            }
            progress("inspectctl: " + Messages.say(.importCommitting, file, "\(staged)"))
            let result = try client.call(method: ControlInterface.Method.commitImport.qualified, parameters: handle, as: Control.ImportResult.self)
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            return result
        } catch {
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            if let id = importID {
                _ = try? client.call(method: ControlInterface.Method.abortImport.qualified, parameters: Control.ImportHandle(import: id))
            }
            switch error {
            case let e as VarlinkError:
                var failure = CLIFailure.from(e)
                // The daemon drops the import at a bad part; its English sentence says so, the code does not.
                if e.name == ControlInterface.ErrorName.invalidData.qualified, let note = DataErrorMessages.importDropped() { failure.message += note }
                throw failure
            case let e as VarlinkConnectionError: throw CLIFailure(Messages.say(.importLost, path, ConnectionErrorText.text(e)), code: CLIFailure.unavailable)
            default: throw error
            }
        }
    }
}
