import Foundation
import Logging
import SystemdSupport
import Testing

/// The pure parts of the journal layer: field-name rules, sanitising, priorities, the fields a
/// log record becomes, and the journal-or-stderr decision.
@Suite("journal fields")
struct JournalFieldTests {
    @Test("valid field names", arguments: ["MESSAGE_ID", "INSPECTD_ENTITY", "A", "X1", "CODE_LINE", "A_B_9"])
    func validNames(name: String) {
        #expect(JournalFieldName.problem(with: name) == nil)
        #expect(JournalFieldName.isValid(name))
    }

    @Test("names journald would drop are refused with a reason", arguments: [
        ("", "empty"),
        ("_PID", "starts with \"_\""),
        ("1ABC", "starts with a digit"),
        ("inspectd_entity", "\"i\""),
        ("INSPECTD-ENTITY", "\"-\""),
        ("INSPECTD ENTITY", "\" \""),
        ("实体", "non-ASCII"),
        (String(repeating: "A", count: 65), "longer than 64"),
    ])
    func invalidNames(name: String, reason: String) throws {
        let problem = try #require(JournalFieldName.problem(with: name))
        #expect(problem.contains(reason), "\(name): \(problem)")
        #expect(!JournalFieldName.isValid(name))
    }

    @Test("64 characters is still valid")
    func longestName() {
        #expect(JournalFieldName.isValid(String(repeating: "A", count: 64)))
    }

    @Test("Journal.send refuses a bad field name before sending anything")
    func sendRefusesBadName() {
        #expect(throws: JournalError.invalidFieldName(name: "entity", reason: JournalFieldName.problem(with: "entity")!)) {
            try Journal.send(message: "x", fields: ["entity": "E001"])
        }
        #expect(throws: JournalError.self) {
            try Journal.send(message: "x", orderedFields: [("INSPECTD_ENTITY", "E001"), ("_PID", "1")])
        }
        #expect(throws: JournalError.self) {
            try Journal.send(message: "x", fields: ["MESSAGE": "twice"])
        }
        #expect(throws: JournalError.self) {
            try Journal.send(message: "x", fields: ["PRIORITY": "0"])
        }
    }

    @Test("errors read well")
    func errorDescriptions() {
        let invalid = JournalError.invalidFieldName(name: "entity", reason: "it contains \"e\"")
        #expect(invalid.description == "invalid journal field name \"entity\": it contains \"e\"")
        #expect(JournalError.sendFailed(errno: ENOENT).description.contains("No such file or directory"))
    }

    @Test("metadata keys become valid field names", arguments: [
        ("entity", "INSPECTD_ENTITY"),
        ("request-id", "INSPECTD_REQUEST_ID"),
        ("INSPECTD_RULE", "INSPECTD_RULE"),
        ("MESSAGE_ID", "MESSAGE_ID"),
        ("_private", "INSPECTD_PRIVATE"),
        ("9lives", "INSPECTD_9LIVES"),
        ("due.date", "INSPECTD_DUE_DATE"),
        ("实体", "INSPECTD_FIELD"),
    ])
    func sanitising(key: String, expected: String) {
        let name = JournalFieldName.sanitized(key)
        #expect(name == expected)
        #expect(JournalFieldName.isValid(name))
    }

    @Test("reserved and over-long keys are sanitised too")
    func sanitisingEdges() {
        #expect(JournalFieldName.sanitized("MESSAGE", reserved: ["MESSAGE"]) == "INSPECTD_MESSAGE")
        let long = JournalFieldName.sanitized(String(repeating: "k", count: 100))
        #expect(long.count == 64)
        #expect(JournalFieldName.isValid(long))
    }

    @Test("log levels map to syslog priorities")
    func priorities() {
        let expected: [(Logger.Level, JournalPriority, String)] = [
            (.trace, .debug, "7"), (.debug, .debug, "7"), (.info, .info, "6"),
            (.notice, .notice, "5"), (.warning, .warning, "4"), (.error, .error, "3"),
            (.critical, .critical, "2"),
        ]
        for (level, priority, field) in expected {
            #expect(JournalPriority(level) == priority, "\(level)")
            #expect(JournalPriority(level).fieldValue == field, "\(level)")
        }
        #expect(JournalPriority.emergency < JournalPriority.debug)
    }

    @Test("a log record becomes journal fields")
    func logRecordFields() throws {
        var handler = JournalLogHandler(label: "inspectd.schedule", identifier: "inspectd")
        handler[metadataKey: "entity"] = "E001"
        handler[metadataKey: "MESSAGE"] = "metadata must not replace the message"
        let event = LogEvent(
            level: .warning, message: "obligation overdue",
            metadata: ["INSPECTD_RULE": "C02", "request-id": "7", "entity": "E002"],
            source: "InspectDaemon", file: "InspectDaemon/Scheduler.swift", function: "tick()", line: 42)
        let fields = handler.journalFields(for: event)
        func values(_ name: String) -> [String] { fields.filter { $0.0 == name }.map(\.1) }

        #expect(values("MESSAGE") == ["obligation overdue"])
        #expect(values("PRIORITY") == ["4"])
        #expect(values("SYSLOG_IDENTIFIER") == ["inspectd"])
        #expect(values("CODE_FILE") == ["InspectDaemon/Scheduler.swift"])
        #expect(values("CODE_LINE") == ["42"])
        #expect(values("CODE_FUNC") == ["tick()"])
        #expect(values("INSPECTD_LOGGER") == ["inspectd.schedule"])
        #expect(values("INSPECTD_ENTITY") == ["E002"], "the record's metadata wins over the handler's")
        #expect(values("INSPECTD_RULE") == ["C02"])
        #expect(values("INSPECTD_REQUEST_ID") == ["7"])
        #expect(values("INSPECTD_MESSAGE") == ["metadata must not replace the message"])
        for (name, _) in fields {
            #expect(JournalFieldName.isValid(name), "\(name)")
        }
    }

    @Test("journal or stderr: INSPECTD_LOG_TARGET, JOURNAL_STREAM, INVOCATION_ID")
    func targetDecision() {
        func decide(_ environment: [String: String], stderr: String? = "8:42", socket: Bool = false) -> Bool {
            Journal.isAvailable(environment: environment, standardErrorIdentity: stderr, socketExists: socket)
        }
        #expect(decide([:]) == false)
        #expect(decide(["INSPECTD_LOG_TARGET": "journal"]) == true)
        #expect(decide(["INSPECTD_LOG_TARGET": "stderr", "JOURNAL_STREAM": "8:42"]) == false)
        #expect(decide(["INSPECTD_LOG_TARGET": "stderr", "INVOCATION_ID": "abc"], socket: true) == false)
        #expect(decide(["JOURNAL_STREAM": "8:42"]) == true)
        #expect(decide(["JOURNAL_STREAM": "8:43"]) == false, "stderr redirected elsewhere")
        #expect(decide(["JOURNAL_STREAM": "8:42"], stderr: nil) == false)
        #expect(decide(["INVOCATION_ID": "abc"], socket: true) == true)
        #expect(decide(["INVOCATION_ID": "abc"], socket: false) == false)
        #expect(decide([:], socket: true) == false, "a journal socket alone is not enough")
    }
}
