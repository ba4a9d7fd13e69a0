import ArgumentParser
import Foundation
import InspectConfig
import InspectControl

/// `inspectctl config check [DIR]`: validates a configuration directory offline, without touching
/// the running daemon; every error names its file, line and key.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: Help.text("Work with configuration directories.", "处理配置目录。"), subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: Help.text("Validate a configuration directory (default /etc/inspectd) without touching the running daemon.", "校验配置目录（默认 /etc/inspectd），不影响正在运行的守护进程。"),
            discussion: Help.text("Prints every error with its file, line and key and exits 65; prints a summary and exits 0 when valid.", "打印每个错误及其文件、行号和键，退出状态为 65；配置有效时打印摘要，退出状态为 0。"))
        @Argument(help: ArgumentHelp("The configuration directory.", "配置目录。")) var directory: String = "/etc/inspectd"

        func run() throws {
            try reportingFailures {
                let c: Configuration
                do {
                    c = try ConfigurationLoader.load(directory: directory)
                } catch let e as ConfigErrors {
                    for error in e.errors { FileHandle.standardError.write(Data((DataErrorMessages.text(error) + "\n").utf8)) }
                    throw CLIFailure(Messages.pick("\(directory): \(e.errors.count) error\(e.errors.count == 1 ? "" : "s")", "\(directory)：\(e.errors.count) 处错误"),
                                     code: CLIFailure.dataError)
                }
                if let bootstrap = c.bootstrapDirectory {
                    do {
                        let text = try String(contentsOfFile: bootstrap, encoding: .utf8)
                        let entities = try EntityDirectoryCSV.parse(text, file: bootstrap, supervisors: Set(c.supervisors.map(\.id)))
                        print(Messages.pick("directory.bootstrap: \(entities.count) entities", "directory.bootstrap：\(entities.count) 个监管对象"))
                    } catch let e as ConfigError {
                        throw CLIFailure(DataErrorMessages.text(e), code: CLIFailure.dataError)
                    }
                }
                let r = c.rules
                let disabled = r.summaries.filter { !$0.enabled }.count
                let years = c.calendar.loadedYears.map(String.init).joined(separator: ", ")
                print(Messages.pick(
                    "\(c.directory): valid — \(r.count) rules (\(r.cadences.count) cadences, \(r.caps.count) caps, \(r.samplings.count) sampling, \(r.procedures.count) procedures, \(r.followUps.count) follow-ups, \(r.deadlines.count) deadlines; \(disabled) disabled), \(c.supervisors.count) supervisors, holiday arrangements \(years)",
                    "\(c.directory)：有效 — 规则 \(r.count) 条（频次 \(r.cadences.count)，上限 \(r.caps.count)，抽查 \(r.samplings.count)，程序 \(r.procedures.count)，后续 \(r.followUps.count)，期限 \(r.deadlines.count)；停用 \(disabled)），主监管员 \(c.supervisors.count) 名，节假日安排 \(years)"))
            }
        }
    }
}
