/// Why an argument was refused, as a code and its values (`InvalidArgument`'s `code` and
/// `values`): the daemon does not know its caller's language, so it sends these with the English
/// sentence (for other clients), and inspectctl says it in the caller's language. The templates
/// are here, in the one module both sides share, so that the two cannot drift apart.
public struct ControlReason: Sendable, Hashable {
    public enum Code: String, CaseIterable, Sendable {
        case outOfRange = "out_of_range"
        case notADate = "not_a_date"
        case notADateTime = "not_a_date_time"
        case before
        case unknownSupervisor = "unknown_supervisor"
        case unknownInspector = "unknown_inspector"
        case noSampleDraw = "no_sample_draw"
        case noPlannedVisit = "no_planned_visit"
        case negative
        case empty
        case correctionNeedsReason = "correction_needs_reason"
        case notACursor = "not_a_cursor"

        /// `{0}`, `{1}` … take the values.
        public var english: String {
            switch self {
            case .outOfRange: "{0} is out of range {1}"
            case .notADate: "'{0}' is not a date (YYYY-MM-DD, {1})"
            case .notADateTime: "'{0}' is not a date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM)"
            case .before: "{0} is before {1}"
            case .unknownSupervisor: "unknown supervisor '{0}'"
            case .unknownInspector: "unknown inspector '{0}' (add it first: inspectctl inspector add)"
            case .noSampleDraw: "no sample draw '{0}' (see inspectctl plan draws)"
            case .noPlannedVisit: "no planned visit {0}"
            case .negative: "must not be negative"
            case .empty: "must not be empty"
            case .correctionNeedsReason: "a correction needs a reason"
            case .notACursor: "not a cursor of this list (use the `next` of the page before)"
            }
        }

        public var chinese: String {
            switch self {
            case .outOfRange: "{0} 超出范围 {1}"
            case .notADate: "“{0}”不是日期（YYYY-MM-DD，{1}）"
            case .notADateTime: "“{0}”不是日期或日期时间（YYYY-MM-DD 或 YYYY-MM-DDTHH:MM）"
            case .before: "{0} 早于 {1}"
            case .unknownSupervisor: "没有主监管员“{0}”"
            case .unknownInspector: "没有检查人员“{0}”（请先添加：inspectctl inspector add）"
            case .noSampleDraw: "没有抽查“{0}”（见 inspectctl plan draws）"
            case .noPlannedVisit: "没有检查安排 {0}"
            case .negative: "不能为负数"
            case .empty: "不能为空"
            case .correctionNeedsReason: "更正须说明理由"
            case .notACursor: "不是本列表的游标（请用上一页给出的 --after 值）"
            }
        }
    }

    public var code: Code
    public var values: [String]

    public init(_ code: Code, _ values: String...) {
        self.code = code
        self.values = values
    }

    public init(code: Code, values: [String]) {
        self.code = code
        self.values = values
    }

    public var english: String { Self.fill(code.english, values) }
    public var chinese: String { Self.fill(code.chinese, values) }

    static func fill(_ template: String, _ values: [String]) -> String {
        var s = template
        for (i, v) in values.enumerated() { s = s.replacingOccurrences(of: "{\(i)}", with: v) }
        return s
    }
}
