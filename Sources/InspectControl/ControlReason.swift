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
        case notOneOf = "not_one_of"
        case inTheFuture = "in_the_future"
        case hasPassed = "has_passed"
        case notAWorkingDay = "not_a_working_day"
        case unknownOffice = "unknown_office"
        case noInspection = "no_inspection"
        case alreadyWithdrawn = "already_withdrawn"
        case inspectorExists = "inspector_exists"
        case noLeave = "no_leave"
        case waiverNeedsReason = "waiver_needs_reason"
        case gradeNeedsReason = "grade_needs_reason"
        case conflictNeedsReason = "conflict_needs_reason"
        case leaveNeedsReason = "leave_needs_reason"
        case cancellationNeedsReason = "cancellation_needs_reason"
        case alreadyMet = "already_met"
        case visitCancelled = "visit_cancelled"

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
            case .notOneOf: "'{0}' is not one of: {1}"
            case .inTheFuture: "{0} is in the future (today is {1})"
            case .hasPassed: "{0} has passed (today is {1})"
            case .notAWorkingDay: "{0} is not a working day"
            case .unknownOffice: "unknown office '{0}' (known: {1})"
            case .noInspection: "no inspection {0}"
            case .alreadyWithdrawn: "inspection {0} is already withdrawn"
            case .inspectorExists: "inspector {0} already exists"
            case .noLeave: "no leave {0} in force"
            case .waiverNeedsReason: "a waiver needs a reason"
            case .gradeNeedsReason: "a grade assignment needs a reason"
            case .conflictNeedsReason: "a conflict declaration needs its reason (回避事由)"
            case .leaveNeedsReason: "a leave needs its reason"
            case .cancellationNeedsReason: "a cancellation needs a reason"
            case .alreadyMet: "{0} is already met"
            case .visitCancelled: "visit {0} is cancelled"
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
            case .notOneOf: "“{0}”不是以下之一：{1}"
            case .inTheFuture: "{0} 是将来的日期（今天是 {1}）"
            case .hasPassed: "{0} 已经过去（今天是 {1}）"
            case .notAWorkingDay: "{0} 不是工作日"
            case .unknownOffice: "没有机关“{0}”（已知：{1}）"
            case .noInspection: "没有检查记录 {0}"
            case .alreadyWithdrawn: "检查记录 {0} 已撤回"
            case .inspectorExists: "检查人员 {0} 已存在"
            case .noLeave: "没有有效的请假记录 {0}"
            case .waiverNeedsReason: "豁免须说明理由"
            case .gradeNeedsReason: "评定等级须说明理由"
            case .conflictNeedsReason: "申报回避须说明回避事由"
            case .leaveNeedsReason: "请假须说明理由"
            case .cancellationNeedsReason: "取消须说明理由"
            case .alreadyMet: "{0} 已完成"
            case .visitCancelled: "检查安排 {0} 已取消"
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
