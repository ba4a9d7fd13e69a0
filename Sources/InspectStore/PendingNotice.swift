import InspectCore

/// A notice in the outbox that is not yet delivered to every sink, with how far its delivery got
/// before (a crash can stop it at any step).
public struct PendingNotice: Sendable, Equatable {
    /// The steps of delivery, in order: log first, then journal (issue 6, "exactly once").
    public enum Progress: Sendable, Equatable {
        /// Decided and in the outbox; no sink has been tried.
        case decided
        /// The log write began: the notice log may hold its line (check before writing again).
        case logStarted
        /// In the log (fsynced); the journal send may have happened (check before sending again).
        case logged
    }

    public var notice: Notice
    public var progress: Progress
    /// The daemon whose delivery began (v18; nil before, or for a notice only decided).
    public var deliveredBy: String?

    public init(notice: Notice, progress: Progress, deliveredBy: String? = nil) {
        self.notice = notice
        self.progress = progress
        self.deliveredBy = deliveredBy
    }

    public var key: String { notice.key }
}
