import ArgumentParser
import Foundation
import InspectConfig
import InspectCore

/// `inspectctl calendar import NOTICE.txt [--output FILE] [--amend YYYY.yaml]`: the text of the State
/// Council's holiday notice, as published, becomes next year's calendar file — offline, so that
/// the person who loads the calendar reads and checks the file before the daemon sees it.
///
/// The reading and its checks are `HolidayNoticeReader` (InspectConfig, no I/O); this command
/// reads and writes the files, says the reader's refusals in the user's language, and checks the
/// file it makes with the daemon's own loader. Nothing is written unless everything was read.
struct CalendarImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: Help.text("Make a calendar file from the text of the State Council's yearly holiday notice.", "由国务院办公厅每年的节假日安排通知原文生成日历文件。"),
        discussion: Help.text("""
            NOTICE is the notice's text as published (pasted from gov.cn or a newspaper's copy, UTF-8; '-' reads
            standard input). The result is the year's calendar file (YYYY.yaml, as in config/calendar/), printed,
            or written with --output. Every weekday in parentheses, every stated number of days, every make-up
            working day (a Saturday or Sunday outside every holiday) and the year are checked; a line that cannot
            be read or a check that fails is refused, naming the line and the words (exit 65), and nothing is
            written. With --amend FILE, NOTICE is a later notice that changes one festival's holiday (as the
            2020 notice that extended the Spring Festival holiday did): it is applied to FILE, and recorded
            under amendments.
            Exit status: 0 ok, 1 error, 64 usage, 65 bad input data.
            """, """
            <通知> 是公布的通知原文（从 gov.cn 或报纸转载处粘贴，UTF-8 编码；'-' 表示读取标准输入）。结果是该年的日历文件（YYYY.yaml，与 config/calendar/ 中的相同），直接打印，或用 --output 写入文件。括号中的每个星期、写明的每个天数、每个调休上班日（节假日之外的星期六或星期日）以及年份都要核对；有一行无法识别或一项核对不通过即拒绝，并指出该行和相关文字（退出状态 65），什么也不写入。使用 --amend <文件> 时，<通知> 是调整某个节日假期的后续通知（如 2020 年延长春节假期的通知）：将其应用到该文件，并记在其 amendments 之下。
            退出状态：0 正常，1 错误，64 用法错误，65 输入数据有误。
            """))

    @Argument(help: ArgumentHelp("The notice's text (UTF-8), or '-' for standard input.", "通知原文（UTF-8 编码），或用 '-' 表示标准输入。", valueName: "NOTICE"))
    var notice: String

    @Option(help: ArgumentHelp("Write the calendar file here instead of printing it (a directory: DIR/YYYY.yaml).", "将日历文件写到这里而不打印（给出目录时写为 DIR/YYYY.yaml）。", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("Apply NOTICE, an amending notice, to this calendar file (YYYY.yaml).", "将调整安排的通知 <通知> 应用到该日历文件（YYYY.yaml）。", valueName: "FILE"))
    var amend: String?

    func run() throws {
        try reportingFailures {
            let text = try Self.read(notice)
            let name = notice == "-" ? "stdin" : notice
            let file: CalendarFile
            do {
                if let amend {
                    file = try amended(text, name: name, existingPath: amend)
                } else {
                    file = CalendarFile(notice: try HolidayNoticeReader.read(text))
                }
            } catch let e as HolidayNoticeError {
                throw CLIFailure(e.message(file: name, amending: amend), code: CLIFailure.dataError)
            }
            let yaml = file.text
            let fileName = "\(file.arrangement.year).yaml"
            do {
                _ = try CalendarLoader.parse(yaml, file: fileName)
            } catch let e as ConfigError {
                throw CLIFailure(Messages.say(.noticeWouldNotLoad, name, DataErrorMessages.text(e)), code: CLIFailure.dataError)
            } catch {
                throw CLIFailure(Messages.say(.noticeWouldNotLoad, name, "\(error)"), code: CLIFailure.dataError)
            }
            guard var path = output else {
                print(yaml, terminator: "")
                return
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                path = (path as NSString).appendingPathComponent(fileName)
            }
            // Atomically: the daemon may reload while the file is being written.
            do {
                try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw OutputFile.failure(.cannotWrite, path, errno: OutputFile.errorNumber(of: error))
            }
            var note = Messages.say(.noticeWritten, path, "\(file.arrangement.holidays.count)", "\(file.arrangement.makeupWorkdays.count)")
            if (path as NSString).lastPathComponent != fileName { note += "\n" + Messages.say(.noticeFileName, fileName) }
            FileHandle.standardError.write(Data((note + "\n").utf8))
        }
    }

    /// The file at `existingPath` with the amending notice `text` applied; its comments kept, the
    /// changed holiday and the header saying what changed.
    func amended(_ text: String, name: String, existingPath: String) throws -> CalendarFile {
        let amendment = try HolidayAmendmentReader.read(text)
        var existing: CalendarFile
        do {
            existing = try CalendarFile.parse(try Self.read(existingPath), file: existingPath)
        } catch let e as ConfigError {
            throw CLIFailure(DataErrorMessages.text(e), code: CLIFailure.dataError)
        }
        let applied = try amendment.apply(to: existing.arrangement)
        existing.arrangement = applied.arrangement
        existing.holidayComments[applied.holidayIndex] = applied.note
        existing.header.append("Amended by \(applied.entry)")
        return existing
    }

    /// A file's text, or standard input's for `-`.
    static func read(_ path: String) throws -> String {
        let data = path == "-" ? FileHandle.standardInput.readDataToEndOfFile() : FileManager.default.contents(atPath: path)
        guard let data else { throw CLIFailure(Messages.pick("cannot read \(path)", "无法读取 \(path)"), code: CLIFailure.error) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIFailure(Messages.pick("\(path) is not UTF-8 text", "\(path) 不是 UTF-8 文本"), code: CLIFailure.dataError)
        }
        return text
    }
}

extension HolidayNoticeError {
    /// The refusal as the user reads it: `NOTICE:4: '1月19日（星期六）': 2020-01-19 is a Sunday, not a Saturday`.
    func message(file: String, amending: String?, in language: Language = Language.current) -> String {
        let days = language == .chinese ? CalendarCheckCommand.weekdaysZh : CalendarCheckCommand.weekdays
        func day(_ d: CivilDate) -> String { days[d.isoWeekday - 1] }
        let reason: String = switch problem {
        case .unreadable: Messages.Phrase.noticeUnreadable.text(in: language)
        case .notADate: Messages.Phrase.noticeNotADate.text(in: language)
        case .malformedWeekday: Messages.Phrase.noticeMalformedWeekday.text(in: language)
        case .wrongWeekday(let d, let stated): Messages.Phrase.noticeWrongWeekday.text([d.iso, day(d), days[stated - 1]], in: language)
        case .wrongDayCount(let stated, let actual): Messages.Phrase.noticeWrongDayCount.text(["\(stated)", "\(actual)"], in: language)
        case .implausibleRange(let a, let b): Messages.Phrase.noticeImplausibleRange.text([a.iso, b.iso], in: language)
        case .notNextToWeekend(let a, let b): Messages.Phrase.noticeNotNextToWeekend.text([a.iso, b.iso], in: language)
        case .makeupDespiteNone: Messages.Phrase.noticeMakeupDespiteNone.text(in: language)
        case .makeupOnWeekday(let d): Messages.Phrase.noticeMakeupOnWeekday.text([d.iso, day(d)], in: language)
        case .makeupInHoliday(let d, let h): Messages.Phrase.noticeMakeupInHoliday.text([d.iso, h], in: language)
        case .makeupTwice(let d): Messages.Phrase.noticeMakeupTwice.text([d.iso], in: language)
        case .overlap(let other): Messages.Phrase.noticeOverlap.text([other], in: language)
        case .wrongYear(let d, let y): Messages.Phrase.noticeWrongYear.text([d.iso, "\(y)"], in: language)
        case .yearsDisagree(let a, let b): Messages.Phrase.noticeYearsDisagree.text(["\(a)", "\(b)"], in: language)
        case .noYear: Messages.Phrase.noticeNoYear.text(in: language)
        case .noHolidayInItem: Messages.Phrase.noticeNoHolidayInItem.text(in: language)
        case .noItems: Messages.Phrase.noticeNoItems.text(in: language)
        case .amendingNotice: Messages.Phrase.noticeAmending.text(in: language)
        case .noAmendment: Messages.Phrase.noticeNoAmendment.text(in: language)
        case .unknownFestival(let f): Messages.Phrase.noticeUnknownFestival.text([f, amending ?? "?"], in: language)
        case .wrongResumeDay(let d, let expected): Messages.Phrase.noticeWrongResumeDay.text([d.iso, expected.iso], in: language)
        }
        return line == 0
            ? Messages.Phrase.noticeWhole.text([file, reason], in: language)
            : Messages.Phrase.noticeAt.text([file, "\(line)", phrase, reason], in: language)
    }
}
