/// Why the core refuses a record, as a code with its values and as an English sentence.
///
/// The core does not know who reads the refusal: the daemon sends the code and values on the wire
/// (`InvalidArgument`'s `code` and `values`, the same codes as InspectControl's `ControlReason`)
/// so a client says it in its user's language, and the sentence for clients that show it as it is.
public struct Refusal: Hashable, Sendable {
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

    public static func fill(_ template: String, _ values: [String]) -> String {
        var s = template
        for (i, v) in values.enumerated() { s = s.replacingOccurrences(of: "{\(i)}", with: v) }
        return s
    }
}
