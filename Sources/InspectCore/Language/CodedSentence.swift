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

extension CodedSentence {
    /// The sentence whose English is `text`, read back through the templates: the code with the
    /// most literal text among those whose template reads it (the most specific), with the values
    /// that fill its places to give `text` again; nil when none does. `accepting` may refuse a
    /// reading's values (then the next code is tried). For sentences kept only in English — an
    /// audit trail's reasons, visits applied before their codes were stored.
    public static func read(english text: String, accepting: ([String]) -> Bool = { _ in true }) -> Self? {
        for code in Code.allCases.sorted(by: { literalCount($0) > literalCount($1) }) {
            let template = Self(code: code, values: []).englishTemplate
            guard let values = values(of: template, in: text), accepting(values) else { continue }
            return Self(code: code, values: values)
        }
        return nil
    }

    private static func literalCount(_ code: Code) -> Int {
        Self(code: code, values: []).englishTemplate.replacing(/\{[0-9]+\}/, with: "").count
    }

    /// The values that fill `template`'s `{n}` places to make `text` exactly, each as short as
    /// lets the rest match (as a lazy pattern would); nil when the template cannot make it.
    static func values(of template: String, in text: String) -> [String]? {
        // The literal pieces between the places, and the place numbers in their order.
        var pieces: [Substring] = []
        var places: [Int] = []
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}"),
              let n = Int(rest[rest.index(after: open)..<close]) {
            pieces.append(rest[..<open]); places.append(n)
            rest = rest[rest.index(after: close)...]
        }
        pieces.append(rest)
        guard text.hasPrefix(pieces[0]) else { return nil }
        var values = [String](repeating: "", count: (places.max() ?? -1) + 1)
        // Place `i` starts at `from`; tries each end where the next piece follows, shortest first.
        func fill(_ i: Int, from: String.Index) -> Bool {
            if i == places.count { return from == text.endIndex }
            let next = pieces[i + 1]
            if next.isEmpty && i == places.count - 1 {
                values[places[i]] = String(text[from...])
                return true
            }
            var search = from
            while let r = text[search...].firstRange(of: next) {
                values[places[i]] = String(text[from..<r.lowerBound])
                if fill(i + 1, from: r.upperBound) { return true }
                guard r.lowerBound < text.endIndex else { break }
                search = text.index(after: r.lowerBound)
            }
            return false
        }
        return fill(0, from: text.index(text.startIndex, offsetBy: pieces[0].count)) ? values : nil
    }
}
