// Fuzz target `varlink-frame`: bytes as they come off the control socket.
//
// The input is a byte stream. It is fed to `VarlinkFrameReader` in chunks whose sizes are drawn
// from a generator seeded with the input's hash (so every mutation also re-chunks), and what the
// reader returns is checked against simply splitting the stream at NUL bytes: same messages, same
// order, errors only for a message longer than the limit. Three passes:
//   1. the input, default limit; every message goes through `VarlinkMessage(frame:)`, is
//      re-encoded and re-parsed, and for a call its parameters are decoded as every request type
//      of `io.inspectd.Control` (errors are fine, traps are not);
//   2. the input, a small limit (1…64 bytes): the `messageTooLarge` path;
//   3. (one run in 16) the input around a 64 KiB filler message: the reader's buffer compaction.
// A request that decodes then goes through the first, pure step of its daemon handler: the
// parsing of its dates, times, periods and day counts (`firstHandlerSteps`, mirroring
// Sources/InspectDaemon/ControlService*.swift), since that is where a field's value first meets
// the core.
import Foundation
import FuzzSupport
import InspectControl
import InspectCore
import Varlink

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size).bytes
    var rng = SplitMix64(seed: fnv1a(input))

    // 1. The input as sent, with the daemon's limit; decode every message.
    for message in checkedFrames(input, limit: VarlinkServerConfiguration.defaultMaxMessageSize, maxChunk: 64, rng: &rng) {
        decodeMessage(message)
    }
    // 2. A tiny limit.
    _ = checkedFrames(input, limit: 1 + rng.below(64), maxChunk: 64, rng: &rng)
    // 3. Past the 64 KiB mark where the reader drops consumed bytes (1 run in 16: it is slow).
    if !input.isEmpty, rng.below(16) == 0 {
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 65_000 + rng.below(6_000)) + [0]
        _ = checkedFrames(input + filler + input + input, limit: VarlinkServerConfiguration.defaultMaxMessageSize,
                          maxChunk: 8_192, rng: &rng)
    }
    return 0
}

/// Feeds `stream` to a reader in random chunks and checks it against splitting at NUL.
/// Returns the messages the reader produced.
func checkedFrames(_ stream: [UInt8], limit: Int, maxChunk: Int, rng: inout SplitMix64) -> [[UInt8]] {
    let pieces = stream.split(separator: 0, omittingEmptySubsequences: false)
    let complete = pieces.dropLast().map(Array.init)
    let remainder = pieces.last!.count

    var reader = VarlinkFrameReader(maxMessageSize: limit)
    var got: [[UInt8]] = []
    var offset = 0
    var failed = false
    feeding: while offset < stream.count {
        let n: Int
        switch rng.below(16) {
        case 0: n = 0
        case 1...10: n = 1 + rng.below(8)
        case 11...13: n = 1 + rng.below(maxChunk)
        case 14: n = 1 + rng.below(maxChunk * 16)
        default: n = stream.count - offset
        }
        let end = min(stream.count, offset + n)
        reader.append(stream[offset..<end])
        offset = end
        do {
            while let m = try reader.nextMessage() { got.append(m) }
            // Asking again after `nil` must stay `nil`.
            if rng.below(8) == 0, let m = try reader.nextMessage() {
                invariantFailed("nextMessage() returned \(m.count) bytes right after returning nil")
            }
        } catch VarlinkConnectionError.messageTooLarge(let l) {
            guard l == limit else { invariantFailed("messageTooLarge(limit: \(l)) from a reader with limit \(limit)") }
            failed = true
            break feeding
        } catch {
            invariantFailed("unexpected error from nextMessage(): \(error)")
        }
    }

    // Same messages, in order, as splitting at NUL.
    guard got.count <= complete.count, zip(got, complete).allSatisfy({ $0 == $1 }) else {
        invariantFailed("reader returned \(got.map(\.count)) but the stream splits into \(complete.map(\.count)) (+\(remainder) pending), limit \(limit)")
    }
    for m in got where m.count > limit { invariantFailed("reader returned \(m.count) bytes, over its limit \(limit)") }
    if failed {
        // The message it refused (a complete one or the trailing partial one) is too long.
        let refused = got.count < complete.count ? complete[got.count].count : remainder
        guard refused > limit else {
            invariantFailed("messageTooLarge for a message of \(refused) bytes, limit \(limit) (after \(got.count) messages)")
        }
    } else {
        guard got.count == complete.count else {
            invariantFailed("reader returned \(got.count) messages, the stream has \(complete.count) complete ones")
        }
        guard reader.pendingByteCount == remainder else {
            invariantFailed("pendingByteCount \(reader.pendingByteCount), but \(remainder) bytes follow the last NUL")
        }
    }
    return got
}

nonisolated(unsafe) var reportedRoundTrip = false

/// `VarlinkMessage(frame:)`, a re-encoding round trip, and for a call every request type.
func decodeMessage(_ frame: [UInt8]) {
    let message: VarlinkMessage
    do { message = try VarlinkMessage(frame: frame) } catch {
        trace("message of \(frame.count) bytes: \(error)")
        return
    }
    trace("message: \(message.jsonValue)")
    // What we send never contains the terminator except at its end, and reads back.
    let encoded: [UInt8]
    do { encoded = try message.encoded() } catch { return }   // e.g. a number JSON cannot write back
    guard encoded.last == 0, encoded.firstIndex(of: 0) == encoded.count - 1 else {
        invariantFailed("encoded() has a NUL inside: \(encoded.count) bytes, first NUL at \(encoded.firstIndex(of: 0) ?? -1)")
    }
    let again: VarlinkMessage
    do { again = try VarlinkMessage(frame: encoded.dropLast()) } catch {
        invariantFailed("a re-encoded message does not parse: \(error); \(String(decoding: encoded.dropLast(), as: UTF8.self))")
    }
    // One encoding makes the value canonical (e.g. 1e2 → 100); a second changes nothing.
    if again != message, !reportedRoundTrip {
        reportedRoundTrip = true
        FileHandle.standardError.write(Data("note: re-encoding changed the message (reported once): \(message.jsonValue) → \(again.jsonValue)\n".utf8))
    }
    if let third = try? VarlinkMessage(frame: (try? again.encoded())?.dropLast() ?? []), third != again {
        invariantFailed("encoding is not idempotent: \(again.jsonValue) → \(third.jsonValue)")
    }

    guard case .call(let call) = message else { return }
    _ = call.interfaceName
    _ = call.methodName
    decodeAllRequests(call)
}

/// Every parameter type `io.inspectd.Control` decodes (Sources/InspectControl/ControlTypes*.swift).
func decodeAllRequests(_ call: VarlinkCall) {
    // ControlTypes.swift
    attempt(call, Control.Empty.self)
    attempt(call, Control.ListObligationsRequest.self)
    attempt(call, Control.GetEntityRequest.self)
    attempt(call, Control.ImportRequest.self)
    attempt(call, Control.RecordInspectionRequest.self)
    attempt(call, Control.ListNoticesRequest.self)
    attempt(call, Control.SimulateRequest.self)
    // ControlTypes+Sampling.swift
    attempt(call, Control.AddInspectorRequest.self)
    attempt(call, Control.DeclareConflictRequest.self)
    attempt(call, Control.DrawSampleRequest.self)
    attempt(call, Control.VerifyDrawRequest.self)
    attempt(call, Control.ListDrawsRequest.self)
    // ControlTypes+Planning.swift
    attempt(call, Control.GetPlanRequest.self)
    attempt(call, Control.SetPlanRequest.self)
    attempt(call, Control.ExplainRequest.self)
    attempt(call, Control.GetRuleRequest.self)
    // ControlTypes+Lifecycle.swift
    attempt(call, Control.RecordEventRequest.self)
    attempt(call, Control.ListEventsRequest.self)
    attempt(call, Control.ListDeadlinesRequest.self)
    attempt(call, Control.ListInspectionsRequest.self)
    attempt(call, Control.WithdrawInspectionRequest.self)
    // ControlTypes+Grades.swift
    attempt(call, Control.SetGradeRequest.self)
    attempt(call, Control.EntityRequest.self)
}

nonisolated(unsafe) var reportedErrorTypes: Set<String> = []

func attempt<T: Codable>(_ call: VarlinkCall, _: T.Type) {
    do {
        let value = try call.decode(T.self)
        trace("  decodes as \(T.self)")
        // What decodes must encode again (the daemon echoes request fields in replies).
        _ = try JSONValue(encoding: value)
        firstHandlerSteps(value)
    } catch let e as VarlinkError {
        guard e.name == VarlinkError.invalidParameterName else { invariantFailed("decode(\(T.self)) threw \(e.name)") }
    } catch {
        // Not a crash, but a handler would answer InternalError instead of InvalidParameter: say so once per kind.
        let kind = "\(T.self): \(type(of: error))"
        if reportedErrorTypes.insert(kind).inserted {
            FileHandle.standardError.write(Data("note: decode(\(T.self)) threw a non-Varlink error (reported once per kind): \(error)\n".utf8))
        }
    }
}

/// The day the handlers' relative fields are counted from (any day would do).
let today = CivilDate(year: 2026, month: 3, day: 31)!

/// The pure parsing a daemon handler applies to a decoded request before touching its state
/// (ControlFailure.date/time, CalendarPeriod(label:), `today.adding(days: within_days)` once
/// negative counts are refused). Results are ignored: only traps matter here.
func firstHandlerSteps<T>(_ request: T) {
    func date(_ s: String?) { if let s { _ = CivilDate(iso: s)?.iso } }
    func time(_ s: String?) { if let s { _ = LocalDateTime(iso: s)?.iso } }
    func period(_ s: String?) {
        guard let s else { return }
        trace("  CalendarPeriod(label: \(s.debugDescription))")
        if let p = CalendarPeriod(label: s) { _ = (p.start, p.end, p.label) }
    }
    func within(_ w: Int?) {
        guard let w, w >= 0 else { return }
        trace("  today.adding(days: \(w))")
        _ = today.adding(days: w)
    }
    switch request {
    case let r as Control.ListObligationsRequest: within(r.withinDays)
    case let r as Control.ListDeadlinesRequest: within(r.withinDays)
    case let r as Control.RecordInspectionRequest: date(r.date); date(r.advanceNotice)
    case let r as Control.SetPlanRequest:
        date(r.planned)
        // ControlService+Planning: obligation(forKey:) reads the period of RULE/ENTITY/PERIOD.
        let parts = r.key.split(separator: "/", maxSplits: 2).map(String.init)
        if parts.count == 3 { period(parts[2]) }
    case let r as Control.SetGradeRequest: date(r.effective)
    case let r as Control.RecordEventRequest: time(r.at)
    case let r as Control.ListNoticesRequest: date(r.since)
    case let r as Control.SimulateRequest: date(r.from); date(r.to)
    // ControlService+Sampling: drawSample parses the period once the rule is an enabled sampling rule (S06).
    case let r as Control.DrawSampleRequest: period(r.period)
    default: break
    }
}
