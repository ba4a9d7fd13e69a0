/// Why the core refuses a record, as a code with its values (a ``CodedSentence``), in English and
/// in Chinese.
///
/// The core does not know who reads the refusal: the daemon sends the code and values on the wire
/// (`InvalidArgument`'s `code` and `values`; InspectControl's `ControlReason` carries these codes
/// as its `core` ones) so a client says it in its user's language, and the sentence for clients
/// that show it as it is.
public struct Refusal: CodedSentence {
    public enum Code: String, CaseIterable, Sendable {
        // Procedures (P01, P02).
        case tooFewInspectors = "too_few_inspectors"
        case noticeRequired = "notice_required"
        case noticeTooLate = "notice_too_late"
        // Lifecycle events.
        case unknownEventKind = "unknown_event_kind"
        case eventInTheFuture = "event_in_the_future"
        case subjectOfAnotherEntity = "subject_of_another_entity"
        case alreadyOpened = "already_opened"
        case neverOpened = "never_opened"
        case needsFirst = "needs_first"
        case eventBefore = "event_before"
        case verificationAccepted = "verification_accepted"
        case orderSetsDeadline = "order_sets_deadline"
        case deadlineNotAfter = "deadline_not_after"
        case deadlineBeyond = "deadline_beyond"
        case severalExtendable = "several_extendable"
        case nothingToExtend = "nothing_to_extend"
        case extensionsUsed = "extensions_used"
        case extensionAfterDeadline = "extension_after_deadline"
        case extensionRequestLate = "extension_request_late"
        case extensionNeedsApproval = "extension_needs_approval"
        case extensionHowLong = "extension_how_long"
        case extensionTooLong = "extension_too_long"
        // Sample draws.
        case cannotStaff = "cannot_staff"
        case strataWithIndustries = "strata_with_industries"

        /// `{0}`, `{1}` … take the values.
        public var english: String {
            switch self {
            case .tooFewInspectors: "{0}: at least {1} distinct inspectors are required, {2} given ({3})"
            case .noticeRequired: "{0}: the unit must be notified {1} days before (give the notice date), unless the inspection is unannounced ({2}; {3})"
            case .noticeTooLate: "{0}: notified on {1}, only {2} days before {3}; {4} are required ({5})"
            case .unknownEventKind: "unknown event kind '{0}' (expected one of: {1})"
            case .eventInTheFuture: "{0} is in the future (today is {1}): record an event once it has happened"
            case .subjectOfAnotherEntity: "{0} belongs to {1}, not {2}"
            case .alreadyOpened: "{0} already has {1} (on {2}); record a correction to change it"
            case .neverOpened: "{0} was never opened: no {1} is recorded for it ({2} needs {3} first)"
            case .needsFirst: "{0} needs {1} first: {2} has none"
            case .eventBefore: "{0} on {1} is before {2} on {3}"
            case .verificationAccepted: "a verification says whether the rectification is accepted (accepted: yes or no)"
            case .orderSetsDeadline: "{0} {1}: the order must set its deadline (deadline: YYYY-MM-DD)"
            case .deadlineNotAfter: "{0}: the deadline {1} is not after {2}"
            case .deadlineBeyond: "{0} {1}: the deadline {2} is beyond {3} after {4}"
            case .severalExtendable: "{0} has several deadlines that may be extended ({1}): name one (rule: …)"
            case .nothingToExtend: "{0} has no running deadline that may be extended"
            case .extensionsUsed: "{0} {1}: at most {2} extensions, already granted"
            case .extensionAfterDeadline: "{0}: the deadline {1} has passed; an extension must come before it"
            case .extensionRequestLate: "{0}: an extension must be requested at least {1} before the deadline {2} (by {3})"
            case .extensionNeedsApproval: "{0}: an extension needs the approval reference (approval: …)"
            case .extensionHowLong: "{0}: say how long the extension is (by: e.g. 20d)"
            case .extensionTooLong: "{0}: an extension of {1} is longer than the {2} allowed"
            case .cannotStaff: "cannot staff {0}: {1} inspectors who may inspect it without a declared conflict in the pool, {2} needed (P01); add inspectors to the pool"
            case .strataWithIndustries: "a stratified sample (strata by grade) cannot draw industries"
            }
        }

        /// The same places as the English.
        public var chinese: String {
            switch self {
            case .tooFewInspectors: "{0}：须至少 {1} 名不同的检查人员，只给出 {2} 名（{3}）"
            case .noticeRequired: "{0}：须提前 {1} 日通知被检查单位（请给出通知日期），不预先告知的检查除外（{2}；{3}）"
            case .noticeTooLate: "{0}：{1} 通知，距 {3} 只有 {2} 日；须提前 {4} 日（{5}）"
            case .unknownEventKind: "未知事件类型“{0}”（应为：{1}）"
            case .eventInTheFuture: "{0} 是将来的日期（今天是 {1}）：事件发生后再记录"
            case .subjectOfAnotherEntity: "{0} 属于 {1}，不属于 {2}"
            case .alreadyOpened: "{0} 已有 {1}（{2}）；如需更改请记录更正"
            case .neverOpened: "{0} 从未开始：没有记录 {1}（{2} 须先有 {3}）"
            case .needsFirst: "{0} 须先有 {1}：{2} 没有"
            case .eventBefore: "{0}（{1}）早于 {2}（{3}）"
            case .verificationAccepted: "复查须说明整改是否通过（accepted: yes 或 no）"
            case .orderSetsDeadline: "{0} {1}：责令整改须设定期限（deadline: YYYY-MM-DD）"
            case .deadlineNotAfter: "{0}：期限 {1} 不晚于 {2}"
            case .deadlineBeyond: "{0} {1}：期限 {2} 超过 {4} 后 {3}"
            case .severalExtendable: "{0} 有多个可延长的期限（{1}）：请指明一个（rule: …）"
            case .nothingToExtend: "{0} 没有可延长的进行中期限"
            case .extensionsUsed: "{0} {1}：最多延长 {2} 次，已用完"
            case .extensionAfterDeadline: "{0}：期限 {1} 已过；延长须在期限届满前"
            case .extensionRequestLate: "{0}：延长须在期限 {2} 前至少 {1} 提出（最迟 {3}）"
            case .extensionNeedsApproval: "{0}：延长须有批准文号（approval: …）"
            case .extensionHowLong: "{0}：请说明延长多久（by: 如 20d）"
            case .extensionTooLong: "{0}：延长 {1} 超过允许的 {2}"
            case .cannotStaff: "无法为 {0} 安排检查人员：检查人员库中可检查该对象且无须回避的只有 {1} 名，需要 {2} 名（P01）；请添加检查人员"
            case .strataWithIndustries: "分层抽查（按等级分层）不能抽取行业"
            }
        }
    }

    /// The field of the call it concerns (`inspectors`, `at`, `attributes.deadline`, …).
    public var field: String
    public var code: Code
    public var values: [String]
    /// The English sentence.
    public var reason: String

    /// `english`: the sentence when the template's would read wrongly (a singular).
    public init(_ field: String, _ code: Code, _ values: String..., english: String? = nil) {
        self.field = field; self.code = code; self.values = values
        reason = english ?? Self.fill(code.english, values)
    }

    /// A refusal of no particular field, the sentence alone (as a client rebuilds it from the wire).
    public init(code: Code, values: [String]) {
        field = ""; self.code = code; self.values = values
        reason = Self.fill(code.english, values)
    }

    public var englishTemplate: String { code.english }
    public var chineseTemplate: String { code.chinese }
    /// The English sentence as the core wrote it (`reason`).
    public var english: String { reason }

    /// "a or b" (the events that would do, `neverOpened`'s and `needsFirst`'s) with 或.
    public func chineseValue(_ value: String, at index: Int) -> String {
        switch (code, index) {
        case (.neverOpened, 3), (.needsFirst, 1): value.replacingOccurrences(of: " or ", with: " 或 ")
        default: value
        }
    }
}
