import Foundation
import InspectConfig
import InspectCore
import Testing

/// A scratch configuration directory: a copy of the shipped `config/` that a test can spoil.
struct ScratchConfig {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var shipped: String { repoRoot.appendingPathComponent("config").path }

    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "inspectd-config-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Self.shipped, toPath: path)
    }

    func write(_ relative: String, _ text: String) throws {
        let p = (path as NSString).appendingPathComponent(relative)
        try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: p, atomically: true, encoding: .utf8)
    }

    func replace(in relative: String, _ old: String, with new: String) throws {
        let p = (path as NSString).appendingPathComponent(relative)
        let text = try String(contentsOfFile: p, encoding: .utf8)
        #expect(text.contains(old), "fixture text not found in \(relative): \(old)")
        try text.replacingOccurrences(of: old, with: new).write(toFile: p, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// The errors loading produces (fails the test if loading succeeds).
    func errors() throws -> [ConfigError] {
        do {
            _ = try ConfigurationLoader.load(directory: path)
            Issue.record("expected the configuration to be refused")
            return []
        } catch let e as ConfigErrors {
            return e.errors
        }
    }
}

@Suite struct ConfigurationLoaderTests {
    /// Issue 10, drill 2: `remind: [99999999999wd]` passed `config check` and crashed the daemon at
    /// start-up; now the loader (which check, start-up and reload all use) refuses it, naming
    /// file, line and key.
    @Test(arguments: ["99999999999wd", "367d", "9223372036854775807wd", "-1wd"])
    func anOutOfRangeLeadTimeIsRefusedWithFileAndLine(lead: String) throws {
        let c = try ScratchConfig()
        defer { c.remove() }
        try c.replace(in: "rules/enforcement.yaml", "remind: [10wd, 3wd]", with: "remind: [\(lead), 3wd]")
        let e = try #require(try c.errors().first)
        #expect(e.file.hasSuffix("rules/enforcement.yaml"))
        #expect(e.line != nil)
        #expect(e.reason.contains(lead) && e.reason.contains("at most 366"), "\(e)")
    }

    /// Found by the fuzzer (config-yaml): both passed the loader and crashed the daemon later.
    @Test func anOverflowingHookTimeoutIsRefused() throws {
        let c = try ScratchConfig()
        defer { c.remove() }
        try c.replace(in: "inspectd.yaml", "  # hook:\n  #   command: /usr/local/libexec/inspectd-sms   # absolute path to an executable",
                      with: "  hook:\n    command: /bin/true\n    timeout: 9999999999999999h\n  #")
        let e = try #require(try c.errors().first)
        #expect(e.file.hasSuffix("inspectd.yaml") && e.key?.contains("timeout") == true, "\(e)")
    }

    /// `metrics:`: off by default; an absolute directory and a duration, else refused with the key.
    @Test func metricsSettingsAreReadAndChecked() throws {
        let c = try ScratchConfig()
        defer { c.remove() }
        #expect(try ConfigurationLoader.load(directory: c.path).metrics == nil)
        try c.replace(in: "inspectd.yaml", "\nsupervisors:\n", with: "\nmetrics:\n  textfile_dir: /var/lib/prometheus/node-exporter\n\nsupervisors:\n")
        #expect(try ConfigurationLoader.load(directory: c.path).metrics == MetricsSettings(textfileDirectory: "/var/lib/prometheus/node-exporter", every: 15))
        try c.replace(in: "inspectd.yaml", "node-exporter\n", with: "node-exporter\n  every: 1m\n")
        #expect(try ConfigurationLoader.load(directory: c.path).metrics?.every == 60)
        for (bad, words) in [("  every: 2h\n", "out of range"), ("  every: soon\n", "not a duration"), ("  textfile: /x\n", "textfile")] {
            try c.replace(in: "inspectd.yaml", "  every: 1m\n", with: bad)
            let e = try #require(try c.errors().first)
            #expect(e.reason.contains(words) || e.key?.contains(words) == true, "\(e)")
            try c.replace(in: "inspectd.yaml", bad, with: "  every: 1m\n")
        }
        try c.replace(in: "inspectd.yaml", "textfile_dir: /var/lib", with: "textfile_dir: var/lib")
        #expect(try #require(try c.errors().first).reason.contains("not an absolute path"))
    }

    /// Issue 12: logins and groups are checked where they enter, naming the line.
    @Test func loginsAndAccessGroupsAreChecked() throws {
        let ok = try ScratchConfig()
        defer { ok.remove() }
        try ok.replace(in: "inspectd.yaml", "  - id: S01\n    name: 张伟\n", with: "  - id: S01\n    name: 张伟\n    user: zhangwei\n")
        try ok.replace(in: "inspectd.yaml", "  manager: [inspectd-manager]", with: "  manager: [office-heads, inspectd-manager]")
        let c = try ConfigurationLoader.load(directory: ok.path)
        #expect(c.supervisor(login: "zhangwei")?.id == "S01")
        #expect(c.access.manager == ["office-heads", "inspectd-manager"] && c.access.admin == ["inspectd-admin"])

        for (old, new, what) in [
            ("  - id: S01\n    name: 张伟\n", "  - id: S01\n    name: 张伟\n    user: zhang wei\n", "not a Unix login"),
            ("  - id: S02\n    name: 王芳\n", "  - id: S02\n    name: 王芳\n    user: root\n  # ", ""),
            ("  admin: [inspectd-admin]", "  admin: [\"in spectd\"]", "not a Unix group"),
            ("  reader: [inspectd]", "  readers: [inspectd]", "readers"),
        ] where !what.isEmpty {
            let bad = try ScratchConfig()
            defer { bad.remove() }
            try bad.replace(in: "inspectd.yaml", old, with: new)
            let e = try #require(try bad.errors().first)
            #expect(e.file.hasSuffix("inspectd.yaml") && e.line != nil && "\(e)".contains(what), "\(e)")
        }
        // One login for two supervisors.
        let twice = try ScratchConfig()
        defer { twice.remove() }
        try twice.replace(in: "inspectd.yaml", "  - id: S01\n    name: 张伟\n", with: "  - id: S01\n    name: 张伟\n    user: zw\n")
        try twice.replace(in: "inspectd.yaml", "  - id: S02\n    name: 王芳\n", with: "  - id: S02\n    name: 王芳\n    user: zw\n")
        let e = try #require(try twice.errors().first)
        #expect("\(e)".contains("already the user of supervisor S01"), "\(e)")
    }

    @Test func aControlCharacterInAConfigurationTextIsRefused() throws {
        let c = try ScratchConfig()
        defer { c.remove() }
        let text = try String(contentsOfFile: c.path + "/rules/enforcement.yaml", encoding: .utf8)
        let title = try #require(text.firstRange(of: /title: [^\n]+/))
        try c.replace(in: "rules/enforcement.yaml", String(text[title]), with: "title: \"甲\\0乙\"")
        let e = try #require(try c.errors().first)
        #expect(e.reason.contains("U+0000") && e.line != nil, "\(e)")
    }

    @Test func anOverflowingRiskWeightIsRefused() throws {
        let c = try ScratchConfig()
        defer { c.remove() }
        try c.replace(in: "grades.yaml", "title: 逾期未整改, weight: 30", with: "title: 逾期未整改, weight: 4611686018427387904")
        let e = try #require(try c.errors().first)
        #expect(e.file.hasSuffix("grades.yaml") && e.reason.contains("1…1000"), "\(e)")
    }

    @Test(arguments: ["0001-01-01", "1999-12-31", "2100-01-01"])
    func scheduleSinceOutsideItsRangeIsRefused(since: String) throws {
        let c = try ScratchConfig()
        defer { c.remove() }
        let text = try String(contentsOfFile: c.path + "/inspectd.yaml", encoding: .utf8)
        let current = try #require(text.firstRange(of: /since: *"?\d{4}-\d{2}-\d{2}"?/))
        try c.replace(in: "inspectd.yaml", String(text[current]), with: "since: \(since)")
        let e = try #require(try c.errors().first)
        #expect(e.file.hasSuffix("inspectd.yaml") && e.reason.contains("out of range"), "\(e)")
    }

    @Test func theShippedConfigurationLoadsWithC01ToC04AndTheirBasis() throws {
        let c = try ConfigurationLoader.load(directory: ScratchConfig.shipped)
        #expect(Set(c.rules.summaries.map(\.id)).isSuperset(of: ["C01", "C02", "C03", "C04", "P01"]))
        for r in c.rules.summaries {
            #expect(!r.basis.isEmpty)
            #expect(!r.source.isEmpty)
        }
        let c01 = try #require(c.rules.cadences.first { $0.id == "C01" })
        #expect(c01.cadence == .quota(Quota(atLeast: 1, per: .month)))
        #expect(c01.actor == .authorities([.county]))
        #expect(c01.subject.kinds == ["private-financing-service"])
        #expect(c01.basis.contains("每月"))
        let c04 = try #require(c.rules.cadences.first { $0.id == "C04" })
        #expect(c04.subject.eligibility == .approvedBeforeYearStart)
        #expect(c04.actor == .authorities([.city, .county]))
        #expect(c.rules.procedures.first { $0.id == "P01" }?.minInspectors == 2)
        #expect(c.office.timeZone == "Asia/Shanghai")
        #expect(c.noticeMinute == 8 * 60 + 30)
        #expect(c.supervisors.count >= 3)
        #expect(c.calendar.arrangements[2026] != nil)
        #expect(c.bootstrapDirectory?.hasSuffix("demo/entities.csv") == true)
        #expect(c.directory.hasPrefix("/"))
    }

    @Test func anUnknownKeyIsNamedWithFileLineAndKeyPath() throws {
        let s = try ScratchConfig(); defer { s.remove() }
        try s.replace(in: "rules/financial.yaml", "cadence: { at_least: 1, per: quarter }", with: "cadence: { at_least: 1, per: quarter, every: 2 }")
        let e = try #require(try s.errors().first)
        #expect(e.file.hasSuffix("rules/financial.yaml"))
        #expect(e.key == "rules[2].cadence.every")
        let line = try #require(e.line)
        let text = try String(contentsOfFile: s.path + "/rules/financial.yaml", encoding: .utf8)
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false)[line - 1].contains("every: 2"))
    }

    @Test func aBadValueNamesTheAllowedOnes() throws {
        let s = try ScratchConfig(); defer { s.remove() }
        try s.replace(in: "rules/financial.yaml", "per: month", with: "per: weekly")
        let e = try #require(try s.errors().first)
        #expect(e.key == "rules[0].cadence.per")
        #expect(e.reason.contains("weekly"))
        #expect(e.reason.contains("quarter"))
        #expect(e.description.contains("financial.yaml:"))
    }

    @Test func unknownEntityKindDuplicateRuleAndBrokenYAMLAreAllReported() throws {
        let s = try ScratchConfig(); defer { s.remove() }
        try s.replace(in: "rules/financial.yaml", "kinds: [microloan]", with: "kinds: [micro-loan]")
        try s.write("rules/extra.yaml", """
            rules:
              - id: C01
                title: 重复
                source: [C01]
                actor: { authority: county }
                subject: { kinds: [employer] }
                action: onsite-inspection
                counts: [onsite]
                cadence: { at_least: 1, per: year }
                basis: x
            """)
        try s.write("rules/zz-broken.yaml", "rules:\n  - id: [unclosed\n")
        let errors = try s.errors()
        #expect(errors.contains { $0.reason.contains("micro-loan") && $0.key == "rules[3].subject.kinds" })
        // financial.yaml stops at its first error, so its C01 is not compared with extra.yaml's.
        #expect(errors.count == 2)
        #expect(errors.contains { $0.file.hasSuffix("zz-broken.yaml") && $0.line != nil && $0.reason.contains("YAML") })
    }

    @Test func aRuleIdDefinedTwiceNamesBothFiles() throws {
        let s = try ScratchConfig(); defer { s.remove() }
        try s.write("rules/zz-extra.yaml", """
            rules:
              - id: C01
                title: 重复
                source: [C01]
                actor: { authority: county }
                subject: { kinds: [employer] }
                action: onsite-inspection
                counts: [onsite]
                cadence: { at_least: 1, per: year }
                basis: x
            """)
        let e = try #require(try s.errors().first)
        #expect(e.file.hasSuffix("zz-extra.yaml"))
        #expect(e.line == 2)
        #expect(e.reason.contains("already defined in") && e.reason.contains("financial.yaml"))
    }

    @Test func missingMainFileAndUnknownTimeZone() throws {
        let s = try ScratchConfig(); defer { s.remove() }
        try s.replace(in: "inspectd.yaml", "timezone: Asia/Shanghai", with: "timezone: Asia/Beijing")
        let e = try #require(try s.errors().first)
        #expect(e.key == "office.timezone")
        try FileManager.default.removeItem(atPath: s.path + "/inspectd.yaml")
        #expect(try s.errors().first?.reason.contains("inspectd.yaml") == true)
    }
}

@Suite struct NoticeTemplateTests {
    @Test func aRuleMayCarryItsOwnNoticeTextWithKnownPlaceholdersOnly() throws {
        let s = try ScratchConfig(); defer { s.remove() }
        try s.replace(in: "rules/financial.yaml", "    title: 县区金融办对民间融资服务公司现场检查（每月）", with: "    notice: \"{label}：请于 {due} 前完成对 {entity_name} 的现场检查（{period}，已完成 {done}/{required}）\"\n    title: 县区金融办对民间融资服务公司现场检查（每月）")
        let c = try ConfigurationLoader.load(directory: s.path)
        let c01 = try #require(c.rules.cadences.first { $0.id == "C01" })
        #expect(c01.noticeTemplate?.contains("{entity_name}") == true)
        let entity = Entity(id: "F1", name: "汇通", kind: "private-financing-service", jurisdiction: "兰山区", supervisor: "S01")
        let today = try #require(CivilDate(iso: "2026-03-31"))
        let o = try #require(c.schedule.obligations(of: entity, inspections: [], today: today).first { $0.ruleID == "C01" && $0.period.label == "2026-03" })
        let n = try #require(NoticePlanner.notice(for: o, rule: c01, entity: entity, calendar: c.calendar, today: today))
        #expect(n.message == "今日到期：请于 2026-03-31 前完成对 汇通 的现场检查（2026-03，已完成 0/1）")

        try s.replace(in: "rules/financial.yaml", "{entity_name}", with: "{entity_nmae}")
        let e = try #require(try s.errors().first)
        #expect(e.reason.contains("{entity_nmae}"))
        #expect(e.key?.hasSuffix(".notice") == true)
    }
}
