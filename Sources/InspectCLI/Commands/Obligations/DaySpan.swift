import Foundation
import ArgumentParser
import InspectControl

/// A span of days for `--within`: `30d`, `2w`, or a plain number of days, at most ten years
/// (`Control.ParameterLimits.withinDays`, the daemon's own bound).
struct DaySpan: ExpressibleByArgument {
    var days: Int
    init?(argument: String) {
        let n: Int?
        if argument.hasSuffix("d") { n = Int(argument.dropLast()) }
        else if argument.hasSuffix("w") { n = Int(argument.dropLast()).flatMap { $0 <= 1000 ? $0 * 7 : nil } }
        else { n = Int(argument) }
        guard let n, Control.ParameterLimits.withinDays.contains(n) else { return nil }
        days = n
    }
    static var defaultCompletionKind: CompletionKind { .default }
    /// As it is typed: `(default: 30d)` in the help.
    var defaultValueDescription: String { "\(days)d" }
}
