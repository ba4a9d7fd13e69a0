import InspectControl
import InspectCore

/// The visit planner's reasons (why a visit has its day and team, why an obligation is not
/// placed) in the caller's language: the daemon sends each reason as clauses, a code with its
/// values (InspectCore's `PlanReason`, which has each code's Chinese), beside the English sentence.
enum PlanReasons {
    /// A visit's or an unplaced obligation's reason: from its clauses in Chinese, else the sentence
    /// (a daemon that sends no clauses, or a clause of a code this CLI does not know).
    static func localized(_ english: String, _ clauses: [Control.PlanReasonClause]?, in language: Language = Language.current) -> String {
        guard language == .chinese, let clauses, !clauses.isEmpty else { return english }
        let known = clauses.compactMap(\.clause)
        guard known.count == clauses.count else { return english }
        return known.map(\.chinese).joined(separator: "；")
    }
}
