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
}
