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
        case importsUnderWay = "imports_under_way"
        case importGone = "import_gone"
        case onePartAtATime = "one_part_at_a_time"
        case partsInOrder = "parts_in_order"
        case importNotReady = "import_not_ready"
        case noImport = "no_import"
        case partBeingStaged = "part_being_staged"
        case implausibleYear = "implausible_year"
        case notAnObligationKey = "not_an_obligation_key"
        case owesNoObligation = "owes_no_obligation"
        case planWhat = "plan_what"
        case unknownScale = "unknown_scale"
        case noScaleForKind = "no_scale_for_kind"
        case notALevel = "not_a_level"
        case deadLetterKeys = "dead_letter_keys"
        case noHook = "no_hook"
        case simulateAYear = "simulate_a_year"
        case importTooLarge = "import_too_large"
        case futureInspection = "future_inspection"
        case unknownKind = "unknown_kind"
        case notAnAuthority = "not_an_authority"
        case noticeAfterInspection = "notice_after_inspection"
        case subjectNeedsID = "subject_needs_i_d"
        case subjectCharacters = "subject_characters"
        case noSuchEvent = "no_such_event"
        case gradeBySetGrade = "grade_by_set_grade"
        case notLapsedOrClosed = "not_lapsed_or_closed"
        case leaveTooLong = "leave_too_long"
        case proposalTooLong = "proposal_too_long"
        case visitAfterDue = "visit_after_due"

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
            case .importsUnderWay: "{0} imports are under way; finish or abort one first"
            case .importGone: "no import {0} of yours is under way (dropped after an error, or after {1} without a part)"
            case .onePartAtATime: "send the parts of an import one at a time"
            case .partsInOrder: "{0} is not after the last line staged ({1}): parts come in order"
            case .importNotReady: "no import {0} of yours is ready to commit"
            case .noImport: "no import {0} of yours is under way"
            case .partBeingStaged: "a part of import {0} is being staged"
            case .implausibleYear: "{0} is not a plausible year"
            case .notAnObligationKey: "'{0}' is not an obligation key (RULE/ENTITY/PERIOD, e.g. C01/LS-PFS-001/2026-03)"
            case .owesNoObligation: "{0} owes no obligation {1} (see `inspectctl explain {2}`)"
            case .planWhat: "give a planned date, a waiver reason, or clear"
            case .unknownScale: "unknown grade scale '{0}'"
            case .noScaleForKind: "no grade scale applies to kind {0} (grades.yaml)"
            case .notALevel: "'{0}' is not a level of {1} ({2})"
            case .deadLetterKeys: "give the keys of the dead letters, or all"
            case .noHook: "no hook '{0}' is configured"
            case .simulateAYear: "simulate at most a year at a time"
            case .importTooLarge: "an import may have at most {0} rows"
            case .futureInspection: "{0} is in the future (today is {1}): record an inspection once it has taken place"
            case .unknownKind: "unknown kind '{0}' (expected one of: {1})"
            case .notAnAuthority: "'{0}' is not one of: {1}"
            case .noticeAfterInspection: "the notice ({0}) is after the inspection ({1})"
            case .subjectNeedsID: "{0} belongs to an existing subject: give its id (e.g. R-2026-1)"
            case .subjectCharacters: "'{0}' must not contain spaces or '/'"
            case .noSuchEvent: "{0} has no event {1}"
            case .gradeBySetGrade: "grades are set with SetGrade (inspectctl grade set)"
            case .notLapsedOrClosed: "'{0}' is not lapsed or closed"
            case .leaveTooLong: "one leave covers at most {0} days; record a longer absence in parts"
            case .proposalTooLong: "a proposal covers at most {0} days"
            case .visitAfterDue: "{0} is after the visit's due date {1}: give the reason (it is flagged)"
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
            case .importsUnderWay: "已有 {0} 个导入进行中；请先完成或中止一个"
            case .importGone: "你没有进行中的导入 {0}（出错后或 {1} 内未收到新部分时已放弃）"
            case .onePartAtATime: "导入的各部分须逐一发送"
            case .partsInOrder: "{0} 不在已暂存的最后一行（{1}）之后：各部分须按顺序发送"
            case .importNotReady: "你没有可提交的导入 {0}"
            case .noImport: "你没有进行中的导入 {0}"
            case .partBeingStaged: "导入 {0} 的一部分正在暂存"
            case .implausibleYear: "{0} 不是合理的年份"
            case .notAnObligationKey: "“{0}”不是检查义务的键（规则/对象/期间，如 C01/LS-PFS-001/2026-03）"
            case .owesNoObligation: "{0} 没有检查义务 {1}（见 inspectctl explain {2}）"
            case .planWhat: "请给出计划日期、豁免理由或清除"
            case .unknownScale: "没有等级体系“{0}”"
            case .noScaleForKind: "没有适用于类别 {0} 的等级体系（grades.yaml）"
            case .notALevel: "“{0}”不是 {1} 的等级（{2}）"
            case .deadLetterKeys: "请给出放弃通知的键，或 all"
            case .noHook: "没有配置通道“{0}”"
            case .simulateAYear: "一次最多模拟一年"
            case .importTooLarge: "一次导入最多 {0} 行"
            case .futureInspection: "{0} 是将来的日期（今天是 {1}）：检查完成后再记录"
            case .unknownKind: "未知类别“{0}”（应为：{1}）"
            case .notAnAuthority: "“{0}”不是以下之一：{1}"
            case .noticeAfterInspection: "通知日期（{0}）晚于检查日期（{1}）"
            case .subjectNeedsID: "{0} 属于已有事项：请给出其编号（如 R-2026-1）"
            case .subjectCharacters: "“{0}”不能含空格或“/”"
            case .noSuchEvent: "{0} 没有事件 {1}"
            case .gradeBySetGrade: "等级须用 SetGrade 评定（inspectctl grade set）"
            case .notLapsedOrClosed: "“{0}”不是 lapsed 或 closed"
            case .leaveTooLong: "一条请假最多 {0} 天；更长的缺勤请分段记录"
            case .proposalTooLong: "一次建议最多覆盖 {0} 天"
            case .visitAfterDue: "{0} 晚于该检查的到期日 {1}：请说明理由（将被标记）"
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
