import InspectCore

/// Why an argument was refused, as a code and its values (`InvalidArgument`'s `code` and
/// `values`, a ``CodedSentence``): the daemon does not know its caller's language, so it sends
/// these with the English sentence (for other clients), and inspectctl says it in the caller's
/// language. The control interface's own codes (``Argument``) have both templates here, in the one
/// module both sides share; the core's refusals keep theirs in the core (`Refusal`) and travel
/// under the same codes.
public struct ControlReason: CodedSentence {
    /// A code on the wire: one of the control interface's own, or one of the core's refusals.
    /// Their raw values never clash (a test round-trips every one), so a code read back from the
    /// wire is the one that was sent.
    public enum Code: RawRepresentable, CaseIterable, Hashable, Sendable {
        case argument(Argument)
        case core(Refusal.Code)

        public init?(rawValue: String) {
            if let a = Argument(rawValue: rawValue) { self = .argument(a) }
            else if let c = Refusal.Code(rawValue: rawValue) { self = .core(c) }
            else { return nil }
        }

        public var rawValue: String {
            switch self {
            case .argument(let a): a.rawValue
            case .core(let c): c.rawValue
            }
        }

        public static var allCases: [Code] { Argument.allCases.map(Code.argument) + Refusal.Code.allCases.map(Code.core) }
    }

    /// The control interface's own refusals of an argument.
    public enum Argument: String, CaseIterable, Sendable {
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
        case importStagingLost = "import_staging_lost"
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
        case ruleDemandsNothing = "rule_demands_nothing"
        case calendarFileTooLarge = "calendar_file_too_large"
        case notACalendarFileName = "not_a_calendar_file_name"
        case reportSpan = "report_span"
        case notAGrouping = "not_a_grouping"
        case noOfficeHere = "no_office_here"
        case notAnInspectorID = "not_an_inspector_id"
        case notASamplingRule = "not_a_sampling_rule"
        case noSamplingRule = "no_sampling_rule"
        case ruleDisabled = "rule_disabled"
        case notAPeriodOf = "not_a_period_of"
        case alreadyDrawn = "already_drawn"
        case noEligibleEntity = "no_eligible_entity"
        case drawVanished = "draw_vanished"
        case notADrawCursor = "not_a_draw_cursor"
        case capReached = "cap_reached"
        case quotaReached = "quota_reached"
        case notAKind = "not_a_kind"
        case emptyEntry = "empty_entry"
        case controlCharacter = "control_character"
        case lineBreak = "line_break"
        case tooLong = "too_long"
        case notAWholeNumber = "not_a_whole_number"
        case tooManyElements = "too_many_elements"
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
            case .importStagingLost: "import {0} lost its staged rows while this daemon could not reach the database ({1} of {2} remain): nothing was imported; import the file again"
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
            case .ruleDemandsNothing: "rule {0} demands nothing of {1} now (kind {2}, grade {3})"
            case .calendarFileTooLarge: "{0} bytes; a calendar file has at most {1}"
            case .notACalendarFileName: "'{0}' is not a calendar file's name (YYYY.yaml)"
            case .reportSpan: "the period must run forward and cover at most {0} days"
            case .notAGrouping: "'{0}' is not a grouping ({1})"
            case .noOfficeHere: "'{0}' is no office here ({1})"
            case .notAnInspectorID: "'{0}' is not a valid inspector id (letters, digits, - _ .)"
            case .notASamplingRule: "'{0}' is not a sampling rule (sampling rules: {1})"
            case .noSamplingRule: "'{0}' is not a sampling rule (none is configured)"
            case .ruleDisabled: "{0} is disabled in the configuration"
            case .notAPeriodOf: "'{0}' is not a period of {1}, which samples per {2} (e.g. {3})"
            case .alreadyDrawn: "{0} was already drawn for {1} ({2}, seed {3}); a second draw is refused (verify it with: inspectctl plan verify {2})"
            case .noEligibleEntity: "{0} has no eligible entity in {1} (kinds: {2})"
            case .drawVanished: "draw {0} vanished"
            case .notADrawCursor: "not a cursor of this draw's entities (use the `next` of the page before)"
            case .capReached: "{0} {1}: at most {2} per {3}, {4} already recorded in {5}; give --exception with the reason ({6})"
            case .quotaReached: "{0} {1}: at most {2} in {3}, {4} already recorded; give --exception with the reason"
            case .notAKind: "'{0}' is not a kind of entity (letters, digits, - _ .)"
            case .emptyEntry: "an entry is empty"
            case .controlCharacter: "contains the control character U+{0}"
            case .lineBreak: "contains the control character U+000A (a line break; this field is one line)"
            case .tooLong: "is {0} characters long (at most {1})"
            case .notAWholeNumber: "{0} is out of range for a whole number (at most 2^63−1)"
            case .tooManyElements: "has {0} elements (at most {1})"
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
            case .importStagingLost: "导入 {0} 已暂存的行在本守护进程无法连接数据库期间被移除（{2} 行中剩余 {1} 行）：未导入任何内容；请重新导入该文件"
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
            case .ruleDemandsNothing: "规则 {0} 目前对 {1} 没有要求（类别 {2}，等级 {3}）"
            case .calendarFileTooLarge: "{0} 字节；节假日安排文件最多 {1} 字节"
            case .notACalendarFileName: "“{0}”不是节假日安排文件名（YYYY.yaml）"
            case .reportSpan: "统计期间须由前至后，最多 {0} 天"
            case .notAGrouping: "“{0}”不是分组方式（{1}）"
            case .noOfficeHere: "“{0}”不是本处的机关（{1}）"
            case .notAnInspectorID: "“{0}”不是有效的检查人员编号（字母、数字、- _ .）"
            case .notASamplingRule: "“{0}”不是抽查规则（抽查规则：{1}）"
            case .noSamplingRule: "“{0}”不是抽查规则（未配置任何抽查规则）"
            case .ruleDisabled: "{0} 已在配置中停用"
            case .notAPeriodOf: "“{0}”不是 {1} 的抽查期间：{1} 按{2}抽查（如 {3}）"
            case .alreadyDrawn: "{0} 的 {1} 已抽取（{2}，种子 {3}）；不得再次抽取（核验：inspectctl plan verify {2}）"
            case .noEligibleEntity: "{0} 在 {1} 没有可抽取的对象（类别：{2}）"
            case .drawVanished: "抽查 {0} 已不存在"
            case .notADrawCursor: "不是本次抽查对象列表的游标（请用上一页给出的 --after 值）"
            case .capReached: "{0} {1}：每{3}最多 {2} 次，{5} 已记录 {4} 次；请用 --exception 说明理由（{6}）"
            case .quotaReached: "{0} {1}：{3} 最多 {2} 次，已记录 {4} 次；请用 --exception 说明理由"
            case .notAKind: "“{0}”不是对象类别（字母、数字、- _ .）"
            case .emptyEntry: "有一项为空"
            case .controlCharacter: "含有控制字符 U+{0}"
            case .lineBreak: "含有控制字符 U+000A（换行；此项只能写一行）"
            case .tooLong: "长 {0} 个字符（最多 {1} 个）"
            case .notAWholeNumber: "{0} 超出整数范围（最大 2^63−1）"
            case .tooManyElements: "有 {0} 项（最多 {1} 项）"
            }
        }
    }

    public var code: Code
    public var values: [String]

    public init(_ argument: Argument, _ values: String...) {
        self.code = .argument(argument)
        self.values = values
    }

    public init(code: Code, values: [String]) {
        self.code = code
        self.values = values
    }

    /// The core's refusal, by its code (the same on both sides) and values.
    public init(_ r: Refusal) {
        self.init(code: .core(r.code), values: r.values)
    }

    public var englishTemplate: String {
        switch code {
        case .argument(let a): a.english
        case .core(let c): c.english
        }
    }

    public var chineseTemplate: String {
        switch code {
        case .argument(let a): a.chinese
        case .core(let c): c.chinese
        }
    }

    /// A value that is an English word of the interface (a period unit, "none") in Chinese; ids,
    /// dates and names as they are; the core's values as the core says them.
    public func chineseValue(_ value: String, at index: Int) -> String {
        switch code {
        case .core(let c): Refusal(code: c, values: values).chineseValue(value, at: index)
        case .argument(let a):
            switch (a, index) {
            case (.notAPeriodOf, 2), (.capReached, 3):
                ["month": "月", "quarter": "季度", "half-year": "半年", "year": "年", "2-years": "两年"][value] ?? value
            case (.ruleDemandsNothing, 3) where value == "none": "无"
            default: value
            }
        }
    }
}
