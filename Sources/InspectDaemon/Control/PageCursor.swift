import InspectControl
import Foundation

/// The opaque cursor a page of a list ends with: a version prefix (`o1.`, `d1.`) and the sort
/// key of the page's last item, as base64url JSON, so a client can only hand it back.
enum PageCursor {
    static func text(_ prefix: String, _ parts: [String]) -> String {
        let json = (try? JSONEncoder().encode(parts)) ?? Data()
        return prefix + json.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
    }

    /// The key parts of a cursor with this prefix and this many parts; nil for anything else.
    static func parts(_ prefix: String, _ text: String, count: Int) -> [String]? {
        guard text.hasPrefix(prefix), text.count < 2048,
              let data = Data(base64Encoded: String(text.dropFirst(prefix.count)).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")),
              let parts = try? JSONDecoder().decode([String].self, from: data), parts.count == count else { return nil }
        return parts
    }

    /// The two integers of a cursor with this prefix (a time or day and an id); nil without a
    /// cursor; anything else is refused naming the `after` field.
    static func pair(_ prefix: String, _ text: String?) throws -> (Int64, Int64)? {
        guard let text else { return nil }
        guard let p = parts(prefix, text, count: 2), let a = Int64(p[0]), let b = Int64(p[1]) else { throw notACursor }
        return (a, b)
    }

    /// The row id of a plain cursor (`a123` of the audit trail, `n123` of the notices); nil
    /// without a cursor; anything else is refused naming the `after` field.
    static func id(_ prefix: String, _ text: String?) throws -> Int64? {
        guard let text else { return nil }
        guard text.hasPrefix(prefix), let id = Int64(text.dropFirst(prefix.count)) else { throw notACursor }
        return id
    }

    static let notACursor = ControlFailure.invalid("after", ControlReason(.notACursor))
}
