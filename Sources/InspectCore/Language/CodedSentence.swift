/// A sentence said as a code and its values, so that whoever reads it can have it in their own
/// language: the daemon sends the code and values on the wire beside the English sentence, and a
/// client (inspectctl, or the daemon's own start-up line under a Chinese locale) says it in Chinese.
///
/// Each catalogue keeps its codes where their domain is — the core's refusals (`Refusal`), the
/// visit planner's clauses (`PlanReason`), the problems of files (InspectConfig's
/// `ConfigProblem`), the control interface's arguments (InspectControl's `ControlReason`) — and
/// both templates of each code side by side, so the two languages cannot drift apart. They share
/// this one way of filling a template and one test of every code in both languages.
public protocol CodedSentence: Hashable, Sendable {
    associatedtype Code: RawRepresentable, CaseIterable, Hashable, Sendable where Code.RawValue == String

    /// The code on the wire (its raw value).
    var code: Code { get }
    /// What `{0}`, `{1}` … of the templates stand for: ids, dates, numbers, the file's own words.
    var values: [String] { get }
    init(code: Code, values: [String])

    /// The code's English, `{0}`, `{1}` … where its values go.
    var englishTemplate: String { get }
    /// The code's Chinese, with the same places as its English (in the order Chinese needs them).
    var chineseTemplate: String { get }

    /// The English sentence: the template filled (a catalogue may say a case better, a singular).
    var english: String { get }
    /// The Chinese sentence: the template filled with each value as `chineseValue` says it.
    var chinese: String { get }
    /// Value `index` as the Chinese says it: a value that is an English word of the program rather
    /// than of the reader's data (a period unit, a weekday, "or") in Chinese; others as they are.
    func chineseValue(_ value: String, at index: Int) -> String
}

extension CodedSentence {
    public var english: String { Self.fill(englishTemplate, values) }

    public var chinese: String {
        Self.fill(chineseTemplate, values.enumerated().map { chineseValue($0.element, at: $0.offset) })
    }

    public func chineseValue(_ value: String, at index: Int) -> String { value }

    /// `template` with `{0}`, `{1}` … replaced by `values` in turn (a place without a value stays).
    public static func fill(_ template: String, _ values: [String]) -> String {
        var s = template
        for (i, v) in values.enumerated() { s = s.replacingOccurrences(of: "{\(i)}", with: v) }
        return s
    }
}
