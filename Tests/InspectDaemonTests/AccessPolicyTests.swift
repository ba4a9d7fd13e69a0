import Foundation
import InspectConfig
import InspectControl
import InspectCore
@testable import InspectDaemon
import Testing
import Varlink

/// The access rules (issue 12): decided by AccessPolicy for every method of the interface, and
/// documented by README's table "Who may do what", which this suite reads.
@Suite("access rules")
struct AccessPolicyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `method Name(` of the interface description.
    static var interfaceMethods: Set<String> {
        let text = ControlInterface.description
        var names: Set<String> = []
        for line in text.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("method "), let open = t.firstIndex(of: "(") else { continue }
            names.insert(String(t[t.index(t.startIndex, offsetBy: 7)..<open]))
        }
        return names
    }

    /// README's table: method → the cells for reader, supervisor, manager, admin.
    static func readmeTable() throws -> [String: [String]] {
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        guard let start = text.range(of: "| methods | reader | supervisor | manager | admin |") else { return [:] }
        var table: [String: [String]] = [:]
        for line in text[start.upperBound...].split(separator: "\n").dropFirst() {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 5 else { continue }
            for m in cells[0].split(separator: ",") { table[m.trimmingCharacters(in: CharacterSet(charactersIn: " `"))] = Array(cells[1...]) }
        }
        return table
    }

    @Test func everyMethodOfTheInterfaceHasARuleAndTheReadmeSaysIt() throws {
        let methods = Self.interfaceMethods
        #expect(methods.count > 30)
        #expect(Set(AccessPolicy.requirements.keys) == methods)
        let readme = try Self.readmeTable()
        #expect(Set(readme.keys) == methods, "README's table: missing \(methods.subtracting(readme.keys)), extra \(Set(readme.keys).subtracting(methods))")
        let expected: [AccessPolicy.Requirement: [String]] = [
            .read: ["yes", "yes", "yes", "yes"], .record: ["no", "own", "office", "yes"],
            .manage: ["no", "no", "office", "yes"], .administer: ["no", "no", "no", "yes"],
        ]
        for (m, r) in AccessPolicy.requirements { #expect(readme[m] == expected[r], "\(m): README says \(readme[m] ?? []), the daemon \(r)") }
    }

    /// The daemon serves every method of the interface, each registered by a controller with the
    /// requirement its method enum declares: none is missing, none is extra.
    @Test func theDaemonServesEveryMethodOfTheInterface() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("inspectd-routes-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        var options = DaemonOptions()
        options.configDirectory = Self.root.appendingPathComponent("config").path
        options.stateDirectory = state
        options.socketPath = state + "/control.sock"
        let daemon = try Daemon(options: options)
        #expect(daemon.controlMethods == Self.interfaceMethods,
                "not served: \(Self.interfaceMethods.subtracting(daemon.controlMethods)), not in the interface: \(daemon.controlMethods.subtracting(Self.interfaceMethods))")
    }

    // The shipped configuration with two supervisors given logins.
    func configuration() throws -> Configuration {
        var c = try ConfigurationLoader.load(directory: Self.root.appendingPathComponent("config").path)
        c.supervisors = c.supervisors.map { s in
            var s = s
            if s.id == "S01" { s.user = "zhang" }
            if s.id == "S02" { s.user = "wang" }
            if s.id == "S04" { s.user = "liu" }   // manager: true, 兰山区金融办
            if s.id == "S05" { s.user = "chen" }  // 罗庄区金融办
            return s
        }
        return c
    }

    func caller(_ login: String?, role: Caller.Role, _ c: Configuration) -> Caller {
        let person = login.flatMap { c.supervisor(login: $0) }
        return Caller(uid: 1000, login: login, groups: [], person: person, role: role, office: role == .admin ? nil : person?.office, because: "test")
    }

    func decide(_ method: String, _ params: [String: Any], _ who: Caller, _ c: Configuration) -> String? {
        let entities = [
            "E-ZHANG": Entity(id: "E-ZHANG", name: "甲", kind: "microloan", jurisdiction: "兰山区", supervisor: "S01"),
            "E-WANG": Entity(id: "E-WANG", name: "乙", kind: "microloan", jurisdiction: "兰山区", supervisor: "S02"),
            "E-CHEN": Entity(id: "E-CHEN", name: "丙", kind: "microloan", jurisdiction: "罗庄区", supervisor: "S05"),
        ]
        func json(_ v: Any) -> JSONValue {
            switch v {
            case let s as String: return .string(s)
            case let i as Int: return .int(Int64(i))
            case let a as [String]: return .array(a.map { .string($0) })
            default: return .null
            }
        }
        let subject = AccessPolicy.Subject(params.mapValues(json))
        guard let r = AccessPolicy.refusal(method: method, subject: subject, caller: who, configuration: c, entityOf: { entities[$0] },
                                           inspectionEntity: { $0 == 7 ? "E-WANG" : nil }) else { return nil }
        guard case .permissionDenied(_, _, let needed, _) = r else { return "?" }
        return needed
    }

    @Test func supervisorsRecordForTheirOwnEntitiesOrAsANamedInspector() throws {
        let c = try configuration()
        let zhang = caller("zhang", role: .supervisor, c)
        #expect(decide("RecordInspection", ["entity": "E-ZHANG", "inspectors": ["张伟", "王芳"]], zhang, c) == nil)
        #expect(decide("RecordInspection", ["entity": "E-WANG", "inspectors": ["李娜", "王芳"]], zhang, c) != nil)
        #expect(decide("RecordInspection", ["entity": "E-WANG", "inspectors": ["张伟", "王芳"]], zhang, c) == nil, "协查: named among the inspectors")
        #expect(decide("RecordEvent", ["entity": "E-ZHANG", "kind": "rectification.ordered"], zhang, c) == nil)
        #expect(decide("RecordEvent", ["entity": "E-WANG", "kind": "rectification.ordered"], zhang, c) != nil)
        #expect(decide("RecordEvent", ["entity": "E-ZHANG", "corrects": 3], zhang, c) != nil, "a correction is a manager's")
        #expect(decide("SetGrade", ["entity": "E-ZHANG"], zhang, c) != nil)
        #expect(decide("Reload", [:], zhang, c)?.contains("admin") == true)
        #expect(decide("ListObligations", [:], zhang, c) == nil)
    }

    @Test func managersActWithinTheirOffice() throws {
        let c = try configuration()
        let liu = caller("liu", role: .manager, c)
        #expect(liu.office == "兰山区金融办")
        #expect(decide("RecordInspection", ["entity": "E-WANG", "inspectors": ["李娜", "王芳"]], liu, c) == nil)
        #expect(decide("RecordInspection", ["entity": "E-CHEN", "inspectors": ["李娜", "王芳"]], liu, c)?.contains("罗庄区金融办") == true)
        #expect(decide("SetPlan", ["key": "C01/E-ZHANG/2026-03"], liu, c) == nil)
        #expect(decide("SetPlan", ["key": "C01/E-CHEN/2026-03"], liu, c) != nil)
        #expect(decide("WithdrawInspection", ["id": 7, "reason": "录错"], liu, c) == nil, "inspection 7 is of E-WANG, in the office")
        #expect(decide("DrawSample", ["rule": "S01", "period": "2026"], liu, c) == nil)
        #expect(decide("ListAudit", [:], liu, c) == nil)
        #expect(decide("ImportEntities", ["file": "x.csv", "csv": ""], liu, c) != nil)
        #expect(decide("AddInspector", ["id": "I9", "name": "某"], liu, c) != nil)
    }

    @Test func readersQueryOnlyAndAdminsDoEverything() throws {
        let c = try configuration()
        let reader = caller("nobody", role: .reader, c)
        let admin = caller(nil, role: .admin, c)
        for (m, r) in AccessPolicy.requirements {
            #expect((decide(m, ["entity": "E-CHEN"], reader, c) == nil) == (r == .read), "\(m)")
            #expect(decide(m, ["entity": "E-CHEN"], admin, c) == nil, "\(m)")
        }
        #expect(decide("NoSuchMethod", [:], admin, c) != nil, "a method missing from the table is refused to everyone")
    }

    @Test func rolesComeFromGroupsLoginsAndTheServiceUser() throws {
        var c = try configuration()
        c.access = AccessGroups(admin: ["g-admin"], manager: ["g-mgr"], reader: ["g-read"])
        // The test's own uid is the service's: an admin. Root too.
        #expect(Caller.resolve(uid: getuid(), c, serviceUID: getuid()).role == .admin)
        #expect(Caller.resolve(uid: 0, c, serviceUID: 12345).role == .admin)
        // An unknown uid with socket access is a reader.
        let ghost = Caller.resolve(uid: 4_000_000_000, c, serviceUID: 12345)
        #expect(ghost.role == .reader && ghost.login == nil)
    }
}
