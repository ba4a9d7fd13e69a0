import ArgumentParser
import Foundation
import InspectControl

extension ConnectionOptions {
    func call<P: Encodable, R: Decodable>(_ method: Control.LifecycleMethod, _ parameters: P, as type: R.Type) throws -> R {
        try call(qualified: method.qualified, parameters, as: type)
    }
}

/// Records one event and prints the subject's deadlines.
func recordEvent(_ connection: ConnectionOptions, subject: String?, entity: String, kind: String, at: String,
                 attributes: [String: String], note: String?, json: Bool) throws {
    let id = ConnectionOptions.newRequestID()
    let r = try connection.callRetrying(qualified: Control.LifecycleMethod.recordEvent.qualified,
                                        Control.RecordEventRequest(subject: subject, entity: entity, kind: kind, at: at,
                                                                   attributes: attributes.isEmpty ? nil : attributes, note: note, requestID: id),
                                        requestID: id, as: Control.RecordEventResult.self)
    if json { try printJSON(r); return }
    print(Messages.say(.eventRecorded, "\(r.event.id)", r.event.subject, r.event.kind, r.event.at, r.event.entity))
    if !r.deadlines.isEmpty { print(deadlineTable(r.deadlines)) }
}

/// Every deadline (open or not) of the kind `include` selects, as a table or JSON.
func listDeadlines(_ connection: ConnectionOptions, entity: String?, json: Bool, empty: String,
                   include: (Control.TrackedDeadlineView) -> Bool) throws {
    var list: [Control.TrackedDeadlineView] = []
    try connection.stream(qualified: Control.LifecycleMethod.listDeadlines.qualified, Control.ListDeadlinesRequest(entity: entity, all: true), as: Control.DeadlineList.self) {
        list += $0.deadlines.filter(include)
    }
    if json { try printJSON(list); return }
    print(list.isEmpty ? empty : deadlineTable(list))
}

func deadlineTable(_ list: [Control.TrackedDeadlineView]) -> String {
    var t = TextTable(["DUE", "STATE", "NOTICE", "RULE", "SUBJECT", "ENTITY", "NAME", "STARTED", "EXT", "SUPERVISOR"])
    for d in list {
        t.add([(d.dueTime ?? d.due) + (d.provisional ? "*" : ""), d.state, d.notice ?? "—", d.rule, d.subject, d.entity, d.entityName,
               d.started.hasSuffix("T00:00:00") ? String(d.started.prefix(10)) : d.started, "\(d.extensions)", d.supervisor ?? "—"])
    }
    return t.render()
}

/// What every event about an existing subject gives: its id, the entity, the day, output form.
struct SubjectEventOptions: ParsableArguments {
    @Argument(help: "The subject's id (the order or case id).") var id: String
    @Option(help: "The entity id.") var entity: String
    @Option(help: ArgumentHelp("When (YYYY-MM-DD or YYYY-MM-DDTHH:MM; default today).", valueName: "DATE")) var date: String?
    @Flag(help: "Print JSON.") var json = false

    func record(_ connection: ConnectionOptions, kind: String, attributes: [String: String] = [:], note: String? = nil) throws {
        try recordEvent(connection, subject: id, entity: entity, kind: kind, at: eventTime(date), attributes: attributes, note: note, json: json)
    }
}

/// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`, defaulting to today.
func eventTime(_ given: String?) -> String {
    if let given { return given }
    let f = DateFormatter()
    f.dateFormat = "yyyy-MM-dd"
    f.timeZone = TimeZone(identifier: "Asia/Shanghai")
    return f.string(from: Date())
}

struct RectificationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rectification", abstract: "Rectification orders (整改): order, report, verify, follow up (RULES.md D01–D04).",
        subcommands: [Order.self, Report.self, Verify.self, FollowUp.self, Extend.self, List.self])
    @OptionGroup var connection: ConnectionOptions

    struct Order: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Serve a rectification order; its deadline starts (D01 2 months, D02 30 days, D03 a date set).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The entity id.") var entity: String
        @Option(help: ArgumentHelp("Served on (default today).", valueName: "YYYY-MM-DD")) var date: String?
        @Option(help: ArgumentHelp("The deadline rule: D01, D02 or D03.", valueName: "RULE")) var rule: String
        @Option(help: ArgumentHelp("For D03: the date set by the inspector.", valueName: "YYYY-MM-DD")) var deadline: String?
        @Option(help: ArgumentHelp("The order's id (default: assigned, R-YYYY-N).", valueName: "ID")) var id: String?
        @Option(help: "The findings.") var findings: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                var a = ["rule": rule]
                if let deadline { a["deadline"] = deadline }
                try recordEvent(connection, subject: id, entity: entity, kind: "rectification.ordered", at: eventTime(date), attributes: a, note: findings, json: json)
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The rectification report was received.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        func run() throws { try reportingFailures { try event.record(connection, kind: "rectification.report-received") } }
    }


    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify the rectification: accepted or rejected.")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Flag(inversion: .prefixedNo, help: "Accepted (--accepted) or rejected (--no-accepted).") var accepted: Bool
        @Option(help: "A note.") var note: String?
        func run() throws {
            try reportingFailures { try event.record(connection, kind: "rectification.verified", attributes: ["accepted": accepted ? "yes" : "no"], note: note) }
        }
    }


    struct FollowUp: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "follow-up", abstract: "The follow-up re-inspection (复查) took place (D04).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        func run() throws { try reportingFailures { try event.record(connection, kind: "rectification.follow-up") } }
    }


    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Extend the rectification deadline (where the rule allows it).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: ArgumentHelp("By how long, e.g. 30d.", valueName: "PERIOD")) var by: String?
        @Option(help: "The approval reference.") var approval: String?
        func run() throws {
            try reportingFailures {
                var a: [String: String] = [:]
                if let by { a["by"] = by }
                if let approval { a["approval"] = approval }
                try event.record(connection, kind: "rectification.extended", attributes: a)
            }
        }
    }


    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List rectification deadlines.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this entity.") var entity: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                try listDeadlines(connection, entity: entity, json: json, empty: "No rectification orders.") {
                    $0.subject.hasPrefix("R-") || ["D01", "D02", "D03", "D04"].contains($0.rule)
                }
            }
        }
    }
}

struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case", abstract: "Cases (案件): file, transfer, extend, close (RULES.md E01–E05).",
        subcommands: [File.self, Transfer.self, Supervise.self, Extend.self, Close.self, List.self])
    @OptionGroup var connection: ConnectionOptions

    struct File: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "File a case: the investigation deadline starts (E01: 60 working days).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The entity id.") var entity: String
        @Option(help: ArgumentHelp("Filed on (default today).", valueName: "YYYY-MM-DD")) var date: String?
        @Option(help: ArgumentHelp("The case id (default: assigned, CASE-YYYY-N).", valueName: "ID")) var id: String?
        @Option(help: "A note.") var note: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures { try recordEvent(connection, subject: id, entity: entity, kind: "case.filed", at: eventTime(date), attributes: [:], note: note, json: json) }
        }
    }

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A case belongs to another authority (E04: transfer within 3 working days, urgent 24 hours), or it was transferred (--to).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: "The receiving authority: records the transfer itself.") var to: String?
        @Flag(help: "Urgent: 24 hours instead of 3 working days.") var urgent = false
        func run() throws {
            try reportingFailures {
                if let to { try event.record(connection, kind: "case.transferred", attributes: ["to": to]) }
                else { try event.record(connection, kind: "case.found-elsewhere", attributes: ["urgent": urgent ? "yes" : "no"]) }
            }
        }
    }


    struct Supervise: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put a case under supervision (挂牌督办, E02) with its deadline (at most 2 months).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: ArgumentHelp("The deadline set.", valueName: "YYYY-MM-DD")) var deadline: String
        func run() throws { try reportingFailures { try event.record(connection, kind: "case.supervised", attributes: ["deadline": deadline]) } }
    }


    struct Extend: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Extend a case deadline with its approval (E01: once by 30 working days; E02: ≤ 30 days, asked ≥ 15 days before).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Option(help: "The approval reference.") var approval: String
        @Option(help: ArgumentHelp("Which deadline rule (E01 or E02) when both run.", valueName: "RULE")) var rule: String?
        @Option(help: ArgumentHelp("By how long (E02), e.g. 20d.", valueName: "PERIOD")) var by: String?
        func run() throws {
            try reportingFailures {
                var a = ["approval": approval]
                if let rule { a["rule"] = rule }
                if let by { a["by"] = by }
                try event.record(connection, kind: "case.extended", attributes: a)
            }
        }
    }


    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a case (E03 closing report within 10 days for supervised cases; E05 referral within 10 working days).")
        @OptionGroup var connection: ConnectionOptions
        @OptionGroup var event: SubjectEventOptions
        @Flag(name: .customLong("public-servant"), help: "A party member or public servant was penalised (E05).") var publicServant = false
        func run() throws { try reportingFailures { try event.record(connection, kind: "case.closed", attributes: ["public_servant": publicServant ? "yes" : "no"]) } }
    }


    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List case deadlines.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this entity.") var entity: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                try listDeadlines(connection, entity: entity, json: json, empty: "No cases.") { $0.rule.hasPrefix("E") }
            }
        }
    }
}

struct DeadlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadlines", abstract: "Open deadlines of rectifications, cases and reports, soonest first (overdue ones included).",
        discussion: "With --lapsed: the deadlines that ran out unmet (state lapsed); with --closed: those met or lapsed; with --all: every one.")
    @OptionGroup var connection: ConnectionOptions
    @Option(help: ArgumentHelp("How far ahead: 14d, 2w or a number of days (at most 3660).", valueName: "SPAN")) var within: DaySpan?
    @Flag(help: "Only overdue ones.") var overdue = false
    @Flag(help: "Only the ones that ran out unmet (lapsed).") var lapsed = false
    @Flag(help: "Only closed ones: met (on time or late) or lapsed.") var closed = false
    @Flag(help: "Every deadline, open and closed.") var all = false
    @Option(help: "Only this entity.") var entity: String?
    @Option(help: ArgumentHelp("Only the entities of this supervisor id.", valueName: "ID")) var supervisor: String?
    @Option(help: ArgumentHelp("Only the entities of this office's supervisors.", valueName: "OFFICE")) var office: String?
    @Option(help: ArgumentHelp("At most this many (default: 100 on a terminal, else all).", valueName: "N")) var limit: Int?
    @Option(help: ArgumentHelp("Continue after this cursor (printed at the end of a page).", valueName: "CURSOR")) var after: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if [overdue, lapsed, closed, all].filter({ $0 }).count > 1 { throw ValidationError("give at most one of --overdue, --lapsed, --closed, --all") }
        if let limit, !(1...1_000_000).contains(limit) { throw ValidationError("--limit must be 1…1000000") }
    }

    func run() throws {
        try reportingFailures {
            let everything = lapsed || closed || all
            let own = try OwnView.scope(connection, explicit: all || entity != nil || supervisor != nil || office != nil)
            own.announce(json: json)
            let request = Control.ListDeadlinesRequest(withinDays: everything ? nil : within?.days, overdueOnly: overdue, entity: entity,
                                                       all: all ? true : nil, state: lapsed ? "lapsed" : closed ? "closed" : nil, after: after,
                                                       supervisor: supervisor ?? own.supervisor, office: office ?? own.office)
            // `--all` here means every state; the pages follow --limit as everywhere else.
            let pages = Pager(limit: limit, after: after)
            var printer = PagePrinter<Control.TrackedDeadlineView>(json: json, table: deadlineTable)
            var lastNow = ""
            let (_, last) = try pages.pages({ limit, after in
                var r = request
                r.limit = limit
                r.after = after
                let page = try connection.call(.listDeadlines, r, as: Control.DeadlineList.self)
                lastNow = page.now
                return page
            }, stream: { each in
                try connection.stream(qualified: Control.LifecycleMethod.listDeadlines.qualified, request, as: Control.DeadlineList.self) { lastNow = $0.now; try each($0) }
            }, { try printer.emit($0) })
            let what = lapsed ? "lapsed" : closed ? "closed" : all ? "" : "open"
            var command = "inspectctl deadlines"
            if lapsed { command += " --lapsed" } else if closed { command += " --closed" } else if all { command += " --all" } else if overdue { command += " --overdue" }
            if let w = within?.days, !everything { command += " --within \(w)d" }
            if let entity { command += " --entity \(entity)" }
            if let s = request.supervisor { command += " --supervisor \(s)" }
            if let o = request.office { command += " --office \(o)" }
            printer.finish(last, command: command, empty: "No \(what.isEmpty ? "" : what + " ")deadlines (\(lastNow)).")
        }
    }
}

struct EventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "event", abstract: "Record any lifecycle event, or correct one (facts are never edited: a correction withdraws an event).",
        subcommands: [Record.self, Correct.self, List.self])
    @OptionGroup var connection: ConnectionOptions

    struct Record: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record an event, e.g. report.delivered, audit.ended --set outcome=clean.")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The event kind.") var kind: String
        @Option(help: "The entity id.") var entity: String
        @Option(help: "The subject id (assigned for an opening event when omitted).") var subject: String?
        @Option(help: ArgumentHelp("When (YYYY-MM-DD or YYYY-MM-DDTHH:MM; default today).", valueName: "TIME")) var at: String?
        @Option(name: .customLong("set"), help: ArgumentHelp("An attribute, repeatable.", valueName: "KEY=VALUE")) var attributes: [String] = []
        @Option(help: "A note.") var note: String?
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                var a: [String: String] = [:]
                for kv in attributes {
                    guard let eq = kv.firstIndex(of: "=") else { throw CLIFailure("--set \(kv): expected KEY=VALUE", code: CLIFailure.usage) }
                    a[String(kv[..<eq])] = String(kv[kv.index(after: eq)...])
                }
                try recordEvent(connection, subject: subject, entity: entity, kind: kind, at: eventTime(at), attributes: a, note: note, json: json)
            }
        }
    }

    struct Correct: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a recorded event, with the reason (the event stays on record).")
        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The event id.") var id: Int64
        @Option(help: "The subject id.") var subject: String
        @Option(help: "The entity id.") var entity: String
        @Option(help: "Why.") var reason: String
        func run() throws {
            try reportingFailures {
                let request = ConnectionOptions.newRequestID()
                let r = try connection.callRetrying(qualified: Control.LifecycleMethod.recordEvent.qualified,
                                                    Control.RecordEventRequest(subject: subject, entity: entity, kind: "correction",
                                                                               at: eventTime(nil), note: reason, corrects: id, requestID: request),
                                                    requestID: request, as: Control.RecordEventResult.self)
                print(Messages.say(.eventWithdrawn, "\(id)", "\(r.event.id)"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recorded events, by time.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this subject.") var subject: String?
        @Option(help: "Only this entity.") var entity: String?
        @OptionGroup var page: PageOptions
        @Flag(help: "Print JSON.") var json = false
        func run() throws {
            try reportingFailures {
                let request = Control.ListEventsRequest(subject: subject, entity: entity, after: page.after)
                var printer = PagePrinter<Control.Event>(json: json) { events in
                    var t = TextTable(["ID", "AT", "SUBJECT", "ENTITY", "KIND", "ATTRIBUTES", "NOTE"])
                    for e in events {
                        t.add(["\(e.id)", e.at, e.subject, e.entity, e.kind + (e.corrects.map { " (withdraws \($0))" } ?? ""),
                               e.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "), e.note ?? ""])
                    }
                    return t.render()
                }
                let (_, last) = try page.pages({ limit, after in
                    var r = request
                    r.limit = limit
                    r.after = after
                    return try connection.call(.listEvents, r, as: Control.EventList.self)
                }, stream: { each in
                    try connection.stream(qualified: Control.LifecycleMethod.listEvents.qualified, request, as: Control.EventList.self, each: each)
                }, { try printer.emit($0) })
                var command = "inspectctl event list"
                if let subject { command += " --subject \(subject)" }
                if let entity { command += " --entity \(entity)" }
                printer.finish(last, command: command, empty: "No events recorded.")
            }
        }
    }
}
