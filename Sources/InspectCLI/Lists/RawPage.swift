import Foundation
import InspectControl
import Varlink

/// A page of a list as the daemon sent it, for `--json` (issue 26): its items' JSON text left
/// untouched, to be written out as it came, and the rest of the page (`next`, `remaining`,
/// `today` …) decoded. Decoding a province's list item by item into structs and encoding each
/// again held `upcoming --all --json` to a tenth of the rate the daemon sends it.
struct RawPage<Page: ControlListPage> {
    /// The page without its items (`items` is empty): what is left and how to continue.
    var rest: Page
    /// The reply's bytes, in which `items` lie.
    var frame: [UInt8]
    /// Each item's JSON text in `frame`, in order.
    var items: [Range<Int>]

    init(_ reply: VarlinkRawReply) throws {
        let frame = reply.frame
        var items: [Range<Int>]?
        // The rest as an object of its own, with an empty array for the items, so that it
        // decodes as `Page` (a page is small without its items).
        var rest = Array("{".utf8)
        for m in try reply.parameters.map({ try JSONScan.members(of: frame, in: $0) }) ?? [] {
            if JSONScan.key(m, in: frame, is: Page.itemsKey) {
                items = try JSONScan.elements(of: frame, in: m.value)
            } else {
                rest += frame[m.key]
                rest.append(UInt8(ascii: ":"))
                rest += frame[m.value]
                rest.append(UInt8(ascii: ","))
            }
        }
        // Without its items the page would decode all the same and print nothing.
        guard let items else { throw VarlinkConnectionError.malformedMessage("reply parameter \(Page.itemsKey) is missing") }
        rest += "\"\(Page.itemsKey)\":[]}".utf8
        self.rest = try VarlinkRawReply.decodeParameters(Data(rest), as: Page.self)
        self.frame = frame
        self.items = items
    }
}
