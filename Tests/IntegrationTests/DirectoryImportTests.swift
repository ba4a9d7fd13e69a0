import Foundation
import InspectControl
import Testing
import Varlink

/// Issue 10, drill 5: a directory larger than one message (the frame cap is 8 MiB) failed with
/// "lost the connection". `inspectctl entity import` now sends it in parts and commits it at once.
@Suite("directory import in parts")
struct DirectoryImportTests {
    static let header = "id,name,kind,jurisdiction,approved_on,grade,supervisor,industry\n"

    /// `count` rows, about 115 bytes each (60,000 rows: 6.9 MB, two parts).
    func directory(_ count: Int, in d: DaemonFixture, change: (Int, String) -> String = { _, row in row }) throws -> String {
        var text = Self.header
        text.reserveCapacity(count * 120)
        for i in 0..<count {
            let row = "P-\(String(format: "%06d", i)),临沂市兰山区某某用人单位有限公司第\(String(format: "%06d", i))号,employer,兰山区,2015-03-01,,S01,制造业\n"
            text += change(i, row)
        }
        let path = d.directory + "/big.csv"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func entities(_ d: DaemonFixture) throws -> Int? {
        try #require(try d.ctl("status", "--json").json() as? [String: Any])["entities"] as? Int
    }

    @Test func aDirectoryOfSixtyThousandRowsIsImportedInPartsAtOnce() throws {
        let d = try DaemonFixture()
        try d.start()
        let before = try entities(d) ?? 0
        let path = try directory(60_000, in: d)
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        #expect(size > 8 << 20 / 2, "the file must need more than one part (\(size) bytes)")
        let r = try d.ctl("entity", "import", path)
        #expect(r.exitCode == 0, "\(r)")
        #expect(r.stdout.contains("60000 added, 0 updated"), "\(r.stdout)")
        #expect(try entities(d) == before + 60_000)
        let show = try d.ctl("entity", "show", "P-059999", "--json")
        #expect(show.exitCode == 0 && show.stdout.contains("第059999号"), "\(show)")
        // Again: all updated, none added.
        #expect(try d.ctl("entity", "import", path).stdout.contains("0 added, 60000 updated"))
    }

    @Test func aBadRowInALaterPartRejectsTheWholeFileNamingItsLine() throws {
        let d = try DaemonFixture()
        try d.start()
        let before = try entities(d)
        // Row 55,000 (line 55,002 of the file) has an unknown kind; the first part was already staged.
        let path = try directory(60_000, in: d) { i, row in i == 55_000 ? row.replacingOccurrences(of: ",employer,", with: ",employr,") : row }
        let r = try d.ctl("entity", "import", path)
        #expect(r.exitCode == 65, "\(r)")
        #expect(r.stderr.contains("big.csv:55002: kind:") && r.stderr.contains("nothing was imported"), "\(r.stderr)")
        #expect(try entities(d) == before)
        // An id of the first part given again in the second: both lines named.
        let dup = try directory(60_000, in: d) { i, row in i == 58_000 ? row.replacingOccurrences(of: "P-058000", with: "P-000007") : row }
        let r2 = try d.ctl("entity", "import", dup)
        #expect(r2.exitCode == 65 && r2.stderr.contains("big.csv:58002: id: 'P-000007' is already used on line 9"), "\(r2.stderr)")
        #expect(try entities(d) == before)
        // The same in Chinese, from the problem's code, with what became of the import.
        let zh = try d.ctl(["entity", "import", dup], environment: ["LC_ALL": "zh_CN.UTF-8"])
        #expect(zh.exitCode == 65 && zh.stderr.contains("big.csv:58002：id：“P-000007”已在第 9 行使用（导入已放弃：未导入任何内容）"), "\(zh.stderr)")
    }

    /// A part's first line is bounded where it enters: Int.max once overflowed the line arithmetic.
    @Test func aPartStartingOnAnImpossibleLineIsRefused() throws {
        let d = try DaemonFixture()
        try d.start()
        let client = try VarlinkClient.connect(path: d.socketPath, timeout: .seconds(30))
        defer { client.close() }
        let begin = try client.call(method: ControlInterface.Method.beginImport.qualified, parameters: Control.BeginImportRequest(file: "x.csv"),
                                    as: Control.ImportHandle.self)
        for line in [Int.max, Int.min, 0, 1] {
            do {
                _ = try client.call(method: ControlInterface.Method.importPart.qualified,
                                    parameters: Control.ImportPartRequest(import: begin.import, csv: Self.header + "A,甲,employer,兰山区,,,,\n", firstLine: line))
                Issue.record("first_line \(line) was accepted")
            } catch let e as VarlinkError {
                #expect(e.parameters["field"] == "first_line", "\(e)")
            }
        }
        #expect(try d.ctl("status").exitCode == 0)
    }
}
