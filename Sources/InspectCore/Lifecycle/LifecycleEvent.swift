/// A recorded event in the life of a subject that deadlines hang on: a rectification order
/// (整改), a case (案件), an inspection report or audit. Events are facts: appended, never edited;
/// a mistake is corrected by a later event that names the one it withdraws (`corrects`).
public struct LifecycleEvent: Hashable, Sendable, Codable {
    public var id: Int64?
    /// The subject's id, e.g. `R-2026-3` (a rectification order), `CASE-2026-7`.
    public var subject: String
    public var entityID: String
    /// What happened, e.g. `rectification.ordered`, `case.filed`, `case.extended` (see `LifecycleEventKind`).
    public var kind: String
    /// When (local civil time; a date-only event is at 00:00 of its day).
    public var at: LocalDateTime
    /// Details the rules look at: `deadline` (D03/E02 a date set by the inspector), `rule` (D01/D02/D03),
    /// `accepted` (yes/no), `approval` (an approval reference), `urgent` (yes/no), `outcome`
    /// (clean/violations), `public_servant` (yes/no), `to` (the receiving authority), `by` (an extension period).
    public var attributes: [String: String]
    public var note: String?
    /// The id of an earlier event this one withdraws (a correction).
    public var corrects: Int64?
    /// The uid that recorded it (issue 12: facts carry the person); nil before it was stored.
    public var recordedBy: UInt32? = nil

    public init(id: Int64? = nil, subject: String, entityID: String, kind: String, at: LocalDateTime,
                attributes: [String: String] = [:], note: String? = nil, corrects: Int64? = nil) {
        self.id = id; self.subject = subject; self.entityID = entityID; self.kind = kind; self.at = at
        self.attributes = attributes; self.note = note; self.corrects = corrects
    }

    public var date: CivilDate { at.date }
}

/// The event kinds, by subject type, in the order a subject's life allows them.
public enum LifecycleEventKind {
    public static let rectification = [
        "rectification.ordered", "rectification.extended", "rectification.report-received", "rectification.verified",
        "rectification.follow-up",
    ]
    public static let report = ["report.delivered", "report.comments", "audit.ended", "audit.result-sent"]
    public static let caseKinds = [
        "case.filed", "case.found-elsewhere", "case.transferred", "case.supervised", "case.extension-requested",
        "case.extended", "case.closed", "case.closing-report", "case.referred",
    ]
    /// `annual-review.concluded`: attributes `outcome` (passed/failed), `year`, `business` (yes/no) — G05.
    public static let other = ["inspection.obstructed", "inspection.withdrawn", "grade.assigned", "annual-review.concluded", "correction"]

    public static var all: Set<String> { Set(rectification + report + caseKinds + other) }
}
