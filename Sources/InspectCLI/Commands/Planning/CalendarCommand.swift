import ArgumentParser
import Foundation
import InspectConfig
import InspectCore

/// `inspectctl calendar …`: the working-day calendar and deadline arithmetic, offline (no daemon):
/// reads the holiday arrangements from `--config DIR` (`DIR/calendar/YYYY.yaml`).
///
/// Exit status: 0 ok, 1 error (e.g. the configuration cannot be loaded), 64 usage, 65 bad input data.
public struct CalendarCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: Help.text("Working days and legal deadlines (民法典 第二百零一—二百零三条), without the daemon.", "工作日和法定期限（民法典第二百零一至二百零三条），无需守护进程。"),
        discussion: Help.text("""
            Periods: Nd calendar days, Nwd working days, Nm months, Ny years, Nh hours (e.g. 30d, 60wd, 2m, 1y, 24h).
            Counting starts the day after the trigger; a last day that is not a working day moves to the next
            working day (not for hours). Results that depend on holiday data not yet published are marked provisional.
            Exit status: 0 ok, 1 error, 64 usage, 65 bad input data.
            """, """
            期间：Nd 日历日，Nwd 工作日，Nm 月，Ny 年，Nh 小时（例如 30d、60wd、2m、1y、24h）。自起算日的次日开始计算；期间的最后一天不是工作日的，顺延至下一个工作日（按小时计算的除外）。依赖尚未公布的节假日安排的结果标为暂定。
            退出状态：0 正常，1 错误，64 用法错误，65 输入数据有误。
            """),
        subcommands: [CalendarAddCommand.self, CalendarCheckCommand.self, CalendarYearCommand.self, CalendarImportCommand.self, CalendarDiffCommand.self])

    public init() {}
}

/// `--config DIR`, shared by the calendar subcommands.
struct CalendarConfigOptions: ParsableArguments {
    @Option(name: .customLong("config"), help: ArgumentHelp("Configuration directory; the calendar is read from DIR/calendar/*.yaml.", "配置目录；日历读自 DIR/calendar/*.yaml。", valueName: "DIR"))
    var directory: String = "/etc/inspectd"

    func loadCalendar() throws -> WorkCalendar {
        do {
            return try CalendarLoader.workCalendar(configDirectory: directory)
        } catch let e as ConfigErrors {
            throw CLIFailure(Messages.pick("cannot load the holiday calendar:", "无法加载节假日安排：") + "\n"
                             + e.errors.map { "  " + DataErrorMessages.text($0) }.joined(separator: "\n"), code: CLIFailure.error)
        }
    }
}

/// A trigger: a date, or a date and time (for periods in hours).
enum CalendarTrigger {
    case date(CivilDate)
    case dateTime(LocalDateTime)

    init?(_ text: Substring) {
        if let d = CivilDate(iso: text) { self = .date(d) }
        else if let t = LocalDateTime(iso: text) { self = .dateTime(t) }
        else { return nil }
    }

    var iso: String {
        switch self {
        case .date(let d): d.iso
        case .dateTime(let t): t.iso
        }
    }

    func add(_ p: LegalPeriod, in cal: WorkCalendar) -> Deadline {
        switch self {
        case .date(let d): cal.add(p, to: d)
        case .dateTime(let t): cal.add(p, to: t)
        }
    }

    var date: CivilDate {
        switch self {
        case .date(let d): d
        case .dateTime(let t): t.date
        }
    }
}

/// The JSON form of one `calendar add` result.
struct CalendarAddResult: Encodable {
    var trigger: String
    var period: String
    var end: String
    var nominalEnd: String
    var endTime: String?
    var provisional: Bool
    var yearsWithoutArrangement: [Int]?

    enum CodingKeys: String, CodingKey {
        case trigger, period, end, nominalEnd = "nominal_end", endTime = "end_time", provisional
        case yearsWithoutArrangement = "years_without_arrangement"
    }

    init(trigger: CalendarTrigger, period: LegalPeriod, deadline r: Deadline, calendar: WorkCalendar) {
        self.trigger = trigger.iso
        self.period = period.description
        end = r.end.iso
        nominalEnd = r.nominalEnd.iso
        endTime = r.endTime?.iso
        provisional = r.provisional
        let missing = calendar.yearsWithoutArrangement(from: trigger.date, through: r.end)
        yearsWithoutArrangement = missing.isEmpty ? nil : missing
    }

    /// One line for people and scripts: the end date (or date-time for hours), then a tab and
    /// `provisional` when it is.
    var line: String { (endTime ?? end) + (provisional ? Messages.pick("\tprovisional", "\t暂定") : "") }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

struct CalendarAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: Help.text("The end of a period counted from a trigger date: inspectctl calendar add 2024-09-30 60wd", "自起算日计算的期间届满日：inspectctl calendar add 2024-09-30 60wd"),
        discussion: Help.text("""
            With '-' instead of DATE PERIOD, reads 'DATE PERIOD' pairs from standard input (one pair a line,
            separated by spaces, a tab or a comma; blank lines and lines starting with # are skipped) and prints
            one end date per line, in order. A line that cannot be read stops the run before any output
            (exit 65, naming the line).
            Output: the end date (YYYY-MM-DD; YYYY-MM-DDTHH:MM:SS for hours), followed by a tab and the
            word provisional when the holiday data behind it is not final. --json prints one JSON object per result.
            """, """
            用 '-' 代替 <日期> <期间> 时，从标准输入读取“日期 期间”对（每行一对，以空格、制表符或逗号分隔；跳过空行和以 # 开头的行），按顺序每行打印一个届满日。有一行无法读取即在输出任何内容之前停止（退出状态 65，并指出该行）。
            输出：届满日（YYYY-MM-DD；按小时计算时为 YYYY-MM-DDTHH:MM:SS），节假日安排尚未最终确定时，后跟一个制表符和 provisional（暂定）一词。--json 为每个结果打印一个 JSON 对象。
            """))

    @OptionGroup var config: CalendarConfigOptions

    @Argument(help: ArgumentHelp("Trigger date YYYY-MM-DD (or YYYY-MM-DDTHH:MM for hours), or '-' to read pairs from standard input.", "起算日 YYYY-MM-DD（按小时计算时为 YYYY-MM-DDTHH:MM），或用 '-' 从标准输入读取成对的值。", valueName: "DATE"))
    var date: String

    @Argument(help: ArgumentHelp("Period: Nd, Nwd, Nm, Ny or Nh (e.g. 30d, 60wd, 2m, 1y, 24h).", "期间：Nd、Nwd、Nm、Ny 或 Nh（例如 30d、60wd、2m、1y、24h）。", valueName: "PERIOD"))
    var period: String?

    @Flag(help: ArgumentHelp("Print JSON (one object per line with '-').", "以 JSON 输出（用 '-' 时每行一个对象）。"))
    var json = false

    func validate() throws {
        if date == "-" {
            guard period == nil else { throw ValidationError(Messages.pick("with '-', the pairs come from standard input: give no PERIOD", "用“-”时从标准输入读取：不要给出 PERIOD")) }
            return
        }
        guard CalendarTrigger(Substring(date)) != nil else { throw ValidationError(Messages.pick("'\(date)' is not a date (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM)", "“\(date)”不是日期（应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM）")) }
        guard let period else { throw ValidationError(Messages.pick("missing PERIOD (e.g. 30d, 60wd, 2m, 1y, 24h)", "缺少 PERIOD（如 30d、60wd、2m、1y、24h）")) }
        guard LegalPeriod(period) != nil else { throw ValidationError(Messages.pick("'\(period)' is not a period (expected e.g. 30d, 60wd, 2m, 1y, 24h)", "“\(period)”不是期限（应如 30d、60wd、2m、1y、24h）")) }
    }

    func run() throws {
        try reportingFailures {
            let cal = try config.loadCalendar()
            if date == "-" {
                try runBatch(cal)
                return
            }
            let trigger = CalendarTrigger(Substring(date))!, p = LegalPeriod(period!)!
            let r = CalendarAddResult(trigger: trigger, period: p, deadline: trigger.add(p, in: cal), calendar: cal)
            if json {
                try printJSON(r)
            } else {
                print(r.line)
                if r.provisional {
                    let why = r.yearsWithoutArrangement.map { years in
                        Messages.pick("no holiday arrangement loaded for \(years.map(String.init).joined(separator: ", "))",
                                      "\(years.map(String.init).joined(separator: "、")) 年的节假日安排尚未加载")
                    } ?? Messages.pick("next year's holiday notice may still move days from 20 December", "次年的节假日通知仍可能调整 12 月 20 日以后的日期")
                    FileHandle.standardError.write(Data("inspectctl: \(Messages.say(.provisionalNote, why))\n".utf8))
                }
            }
        }
    }

    /// `add -`: all lines are read and checked first; a bad line stops the run before any output.
    func runBatch(_ cal: WorkCalendar) throws {
        var results: [CalendarAddResult] = []
        var lineNo = 0
        while let raw = readLine(strippingNewline: true) {
            lineNo += 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            guard fields.count == 2 else {
                throw CLIFailure(Messages.say(.stdinNotTwoFields, "\(lineNo)", raw), code: CLIFailure.dataError)
            }
            guard let trigger = CalendarTrigger(fields[0]) else {
                throw CLIFailure(Messages.say(.stdinNotADate, "\(lineNo)", String(fields[0])), code: CLIFailure.dataError)
            }
            guard let p = LegalPeriod(String(fields[1])) else {
                throw CLIFailure(Messages.say(.stdinNotAPeriod, "\(lineNo)", String(fields[1])), code: CLIFailure.dataError)
            }
            results.append(CalendarAddResult(trigger: trigger, period: p, deadline: trigger.add(p, in: cal), calendar: cal))
        }
        var out = ""
        out.reserveCapacity(results.count * 12)
        for r in results { out += (json ? r.json : r.line); out += "\n" }
        FileHandle.standardOutput.write(Data(out.utf8))
    }
}

/// The JSON form of `calendar check`.
struct CalendarCheckResult: Encodable {
    var date: String
    var weekday: String
    var workingDay: Bool
    var kind: String
    var holiday: String?
    var holidayFirst: String?
    var holidayLast: String?
    var source: String?
    var provisional: Bool
    var explanation: String

    enum CodingKeys: String, CodingKey {
        case date, weekday, workingDay = "working_day", kind, holiday, holidayFirst = "holiday_first", holidayLast = "holiday_last"
        case source, provisional, explanation
    }
}

struct CalendarCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: Help.text("Whether a date is a working day, and why (weekend, which holiday, make-up day).", "某日是否为工作日及原因（周末、哪个节假日、调休上班日）。"))

    @OptionGroup var config: CalendarConfigOptions

    @Argument(help: ArgumentHelp("The date, YYYY-MM-DD.", "日期，YYYY-MM-DD。", valueName: "DATE"))
    var date: String

    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。"))
    var json = false

    func validate() throws {
        guard CivilDate(iso: date) != nil else { throw ValidationError(Messages.pick("'\(date)' is not a date (expected YYYY-MM-DD)", "“\(date)”不是日期（应为 YYYY-MM-DD）")) }
    }

    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let weekdaysZh = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]

    func run() throws {
        try reportingFailures {
            let cal = try config.loadCalendar()
            let d = CivilDate(iso: date)!
            let kind = cal.kind(of: d)
            let wd = Self.weekdays[d.isoWeekday - 1], wdZh = Self.weekdaysZh[d.isoWeekday - 1]
            var r = CalendarCheckResult(date: d.iso, weekday: wd, workingDay: kind.isWorkingDay, kind: "\(kind)",
                                        provisional: cal.isProvisional(d), explanation: "")
            switch kind {
            case .workday:
                r.explanation = Messages.pick("working day (\(wdZh), an ordinary weekday)", "工作日（\(wdZh)，普通工作日）")
            case .weekend:
                r.explanation = Messages.pick("not a working day (\(wdZh)): weekend", "休息日（\(wdZh)）：周末")
            case .makeupWorkday:
                let a = cal.makeupArrangement(for: d)
                r.source = a?.source
                r.explanation = Messages.pick("working day (\(wdZh)): make-up working day (调休上班)", "工作日（\(wdZh)）：调休上班")
                    + (a.map { Messages.pick(", \($0.year) arrangement, \($0.source)", "，\($0.year) 年安排，\($0.source)") } ?? "")
            case .holiday:
                if let (h, a) = cal.holiday(containing: d) {
                    r.holiday = h.name; r.holidayFirst = h.first.iso; r.holidayLast = h.last.iso; r.source = a.source
                    let range = h.first == h.last ? h.first.iso : "\(h.first.iso) … \(h.last.iso)"
                    r.explanation = Messages.pick("not a working day (\(wdZh)): holiday \(h.name) \(range), \(a.year) arrangement, \(a.source)",
                                                  "休息日（\(wdZh)）：\(h.name)假期 \(range)，\(a.year) 年安排，\(a.source)")
                } else {
                    r.explanation = Messages.pick("not a working day (\(wdZh)): holiday", "休息日（\(wdZh)）：节假日")
                }
            }
            if r.provisional {
                r.explanation += cal.arrangements[d.year] == nil
                    ? Messages.pick("; provisional: no holiday arrangement loaded for \(d.year)", "；暂定：未加载 \(d.year) 年节假日安排")
                    : Messages.pick("; provisional: the \(d.year + 1) notice may still move this day", "；暂定：\(d.year + 1) 年的通知仍可能调整这一天")
            }
            if json { try printJSON(r) } else { print("\(d.iso) \(Language.current == .chinese ? wdZh : wd): \(r.explanation)") }
        }
    }
}

/// The JSON form of `calendar year`.
struct CalendarYearResult: Encodable {
    struct Holiday: Encodable { var name: String; var first: String; var last: String; var days: Int }
    var year: Int
    var source: String
    var amendments: [String]
    var holidays: [Holiday]
    var makeupWorkdays: [String]
    var workingDays: Int

    enum CodingKeys: String, CodingKey {
        case year, source, amendments, holidays, makeupWorkdays = "makeup_workdays", workingDays = "working_days"
    }
}

struct CalendarYearCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "year",
        abstract: Help.text("Show the loaded holiday arrangement of a year.", "显示已加载的某年节假日安排。"))

    @OptionGroup var config: CalendarConfigOptions

    @Argument(help: ArgumentHelp("The year, e.g. 2026.", "年份，例如 2026。", valueName: "YYYY"))
    var year: Int

    @Flag(help: ArgumentHelp("Print JSON.", "以 JSON 输出。"))
    var json = false

    func validate() throws {
        guard (1000...9999).contains(year) else { throw ValidationError(Messages.pick("'\(year)' is not a four-digit year", "“\(year)”不是四位年份")) }
    }

    func run() throws {
        try reportingFailures {
            let cal = try config.loadCalendar()
            guard let a = cal.arrangements[year] else {
                let loaded = cal.loadedYears.map(String.init).joined(separator: ", ")
                throw CLIFailure(Messages.say(.noArrangementForYear, "\(year)", "\(config.directory)/calendar", loaded.isEmpty ? Messages.pick("none", "无") : loaded))
            }
            let total = cal.workingDays(in: CalendarPeriod(unit: .year, index: year))
            if json {
                try printJSON(CalendarYearResult(
                    year: a.year, source: a.source, amendments: a.amendments,
                    holidays: a.holidays.map { .init(name: $0.name, first: $0.first.iso, last: $0.last.iso, days: $0.length) },
                    makeupWorkdays: a.makeupWorkdays.map(\.iso), workingDays: total))
                return
            }
            print("\(a.year)  \(a.source)")
            for am in a.amendments { print(Messages.pick("  amended by \(am)", "  经 \(am) 调整")) }
            print("")
            var t = TextTable(["holiday", "first", "last", "days"])
            for h in a.holidays { t.add([h.name, h.first.iso, h.last.iso, "\(h.length)"]) }
            print(t.render())
            print("")
            var m = TextTable(["make-up working day (调休上班)", "weekday"])
            for d in a.makeupWorkdays { m.add([d.iso, CalendarCheckCommand.weekdaysZh[d.isoWeekday - 1]]) }
            print(a.makeupWorkdays.isEmpty ? Messages.pick("no make-up working days", "无调休上班日") : m.render())
            print("")
            let late = cal.isProvisional(CivilDate(year: year, month: 12, day: 31)!)
            print(Messages.pick("working days in \(a.year): \(total)" + (late ? " (from 20 December provisional: \(year + 1) not loaded)" : ""),
                                "\(a.year) 年工作日：\(total) 天" + (late ? "（12月20日起为暂定：未加载 \(year + 1) 年安排）" : "")))
        }
    }
}
