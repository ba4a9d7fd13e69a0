import ChineseTestSupport
import InspectConfig
import InspectControl
import InspectCore
import Testing

/// One catalogue of coded sentences (a `CodedSentence` type) as the shared tests see it: each of
/// its codes filled with the same sample values.
struct SentenceCatalogue: Sendable, CustomTestStringConvertible {
    struct Sample: Sendable {
        var code: String
        var englishTemplate: String
        var chineseTemplate: String
        var english: String
        var chinese: String
    }

    let name: String
    /// Latin words its Chinese keeps on purpose: the names of fields and settings the reader types
    /// (accepted: yes), beyond what every Chinese line may keep (`ChineseText.allowed`).
    let typed: Set<String>
    /// Every code filled with `values`.
    let samples: @Sendable (_ values: [String]) -> [Sample]
    /// Whether every code comes back from its raw value (the wire) as itself, and no two share one.
    let codesRoundTrip: @Sendable () -> Bool
    /// The codes whose English, filled with `values`, is not read back (`read(english:)`) into a
    /// sentence saying the same.
    let unread: @Sendable (_ values: [String]) -> [String]

    init<S: CodedSentence>(_ type: S.Type, typed: Set<String> = []) {
        name = "\(S.self)"
        self.typed = typed
        samples = { values in
            S.Code.allCases.map { code in
                let s = S(code: code, values: values)
                return Sample(code: code.rawValue, englishTemplate: s.englishTemplate, chineseTemplate: s.chineseTemplate,
                              english: s.english, chinese: s.chinese)
            }
        }
        codesRoundTrip = {
            let all = Array(S.Code.allCases)
            return all.allSatisfy { S.Code(rawValue: $0.rawValue) == $0 } && Set(all.map(\.rawValue)).count == all.count
        }
        unread = { values in
            S.Code.allCases.compactMap { code in
                let text = S.fill(S(code: code, values: values).englishTemplate, values)
                guard let read = S.read(english: text), S.fill(read.englishTemplate, read.values) == text else { return code.rawValue }
                return nil
            }
        }
    }

    var testDescription: String { name }

    /// The names of an event's attributes, typed as `name: value` (accepted: yes, rule: D01).
    static let attributes: Set<String> = ["accepted", "yes", "deadline", "approval", "rule"]

    static let all: [SentenceCatalogue] = [
        SentenceCatalogue(Refusal.self, typed: attributes),
        // And the states a list is filtered by, the word that dead letters are all retried by.
        SentenceCatalogue(ControlReason.self, typed: attributes.union(["lapsed", "closed", "all"])),
        // The command that pins a visit (plan set).
        SentenceCatalogue(PlanReason.self, typed: ["plan", "set"]),
        // Programs and protocols by their names, a line of YAML as an example (sms: { command: … }),
        // the rules' document and systemd's credentials (LoadCredential=, $CREDENTIALS_DIRECTORY).
        SentenceCatalogue(ConfigProblem.self, typed: ["http", "libpq", "sms", "command", "RULES.md", "LoadCredential=", "$CREDENTIALS_DIRECTORY"]),
    ]
}

/// Every catalogue of coded sentences — the core's refusals, the control interface's, the visit
/// planner's clauses, the problems of files — says each of its codes in English and in Chinese
/// with the same values, and its Chinese reads Chinese.
@Suite struct CodedSentenceTests {
    /// Sample values as data gives them (ids, dates, keys): never English words, each distinct.
    static let values = (0..<8).map { "V\($0)" }

    static func places(_ template: String) -> Set<String> {
        Set(template.matches(of: /\{[0-9]+\}/).map { String($0.output) })
    }

    @Test(arguments: SentenceCatalogue.all)
    func everyCodeHasEnglishAndChineseWithTheSamePlaces(_ catalogue: SentenceCatalogue) {
        let samples = catalogue.samples([])
        #expect(!samples.isEmpty)
        for s in samples {
            #expect(!s.englishTemplate.isEmpty, "\(s.code) has no English")
            #expect(s.chineseTemplate.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(s.code) has no Chinese: \(s.chineseTemplate)")
            #expect(Self.places(s.englishTemplate) == Self.places(s.chineseTemplate), "\(s.code): \(s.englishTemplate) | \(s.chineseTemplate)")
        }
    }

    /// No English word outside what the reader types or looks up in their data (ids, paths, keys
    /// and values quoted “…”), by the rule the integration tests apply to every line inspectctl
    /// prints under zh_CN.
    @Test(arguments: SentenceCatalogue.all)
    func theChineseHasNoEnglishWord(_ catalogue: SentenceCatalogue) {
        func words(_ text: String) -> [String] {
            ChineseText.englishWords(ChineseText.withoutFileWords(text))
                .filter { !catalogue.typed.contains($0.trimmingCharacters(in: .punctuationCharacters)) }
        }
        let samples = catalogue.samples(Self.values)
        for s in samples { #expect(words(s.chinese).isEmpty, "\(s.code): \(words(s.chinese)) ← \(s.chinese)") }
        // The check can fail: it finds the English sentences English.
        let english = samples.filter { !words($0.english).isEmpty }
        #expect(english.count * 10 > samples.count * 9, "\(samples.filter { words($0.english).isEmpty }.map(\.english))")
    }

    @Test(arguments: SentenceCatalogue.all)
    func fillingKeepsEveryValue(_ catalogue: SentenceCatalogue) {
        for s in catalogue.samples(Self.values) {
            for (i, v) in Self.values.enumerated() where s.englishTemplate.contains("{\(i)}") {
                #expect(s.english.contains(v) && s.chinese.contains(v), "\(s.code): value \(i) is lost: \(s.english) | \(s.chinese)")
            }
            #expect(Self.places(s.english).isEmpty && Self.places(s.chinese).isEmpty, "\(s.code): a place left in \(s.english) | \(s.chinese)")
        }
    }

    @Test(arguments: SentenceCatalogue.all)
    func everyCodeComesBackFromTheWire(_ catalogue: SentenceCatalogue) {
        #expect(catalogue.codesRoundTrip())
    }

    /// A sentence kept only in English (an audit trail's reason, an old visit's) is read back
    /// through the templates into a code and values that say it again.
    @Test(arguments: SentenceCatalogue.all)
    func everyEnglishSentenceIsReadBack(_ catalogue: SentenceCatalogue) {
        #expect(catalogue.unread(Self.values).isEmpty, "not read back: \(catalogue.unread(Self.values))")
    }
}
