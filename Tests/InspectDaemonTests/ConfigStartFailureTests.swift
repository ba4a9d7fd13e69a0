import InspectConfig
@testable import InspectDaemon
import Testing

/// The daemon refuses to start with a bad configuration (exit 78): the journal of an English
/// installation reads the list it always read; a Chinese one (LANG=zh_CN.UTF-8) one line in Chinese.
@Suite struct ConfigStartFailureTests {
    static let errors = [
        ConfigError(file: "/etc/inspectd/inspectd.yaml", line: 10, key: "office.timezone", ConfigProblem(.unknownTimeZone, "Mars/Olympus")),
        ConfigError(file: "/etc/inspectd/rules/financial.yaml", line: 14, key: "rules[0].cadence.per",
                    ConfigProblem(.notOneOf, "weekly", "month, quarter, half-year, year, 2-years")),
    ]

    @Test func englishAsItAlwaysWas() {
        #expect(StartFailure.message(Self.errors, environment: ["LANG": "en_US.UTF-8"]) == """
            inspectd: invalid configuration:
            /etc/inspectd/inspectd.yaml:10: office.timezone: unknown time zone 'Mars/Olympus' (expected an IANA name such as Asia/Shanghai)
            /etc/inspectd/rules/financial.yaml:14: rules[0].cadence.per: 'weekly' is not one of: month, quarter, half-year, year, 2-years
            """)
        #expect(StartFailure.message([Self.errors[0]], single: true, environment: [:])
                == "inspectd: /etc/inspectd/inspectd.yaml:10: office.timezone: unknown time zone 'Mars/Olympus' (expected an IANA name such as Asia/Shanghai)")
    }

    @Test func oneChineseLineUnderAChineseLocale() {
        let line = StartFailure.message(Self.errors, environment: ["LANG": "zh_CN.UTF-8"])
        #expect(line == "inspectd：配置无效：/etc/inspectd/inspectd.yaml:10：office.timezone：未知时区“Mars/Olympus”（应为 IANA 名称，如 Asia/Shanghai）；"
                + "/etc/inspectd/rules/financial.yaml:14：rules[0].cadence.per：“weekly”不是以下之一：month, quarter, half-year, year, 2-years")
        #expect(!line.contains("\n"))
    }
}
