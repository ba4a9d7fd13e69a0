// Fuzz target `calendar-arithmetic`: civil dates, working days and legal periods with any values,
// the extreme ones first.
//
// The input is a program: repeatedly one opcode byte, then the operation's arguments. Every
// integer argument is one selector byte followed, when the selector's top bit is clear, by the
// raw little-endian value (8 bytes for Int, 4 for a day number); with the top bit set the
// selector instead picks one of `interesting64` / `interesting32` (Int.min/max, Int32 bounds,
// the supported range 0001-01-01…9999-12-31, legal maxima, …). The work calendar is the shipped
// config/calendar (2020–2026), loaded once with `CalendarLoader`.
//
// Any input must run without a trap. For values in an ordinary range (years 1900–2200, counts up
// to 10 000) the results are also checked against what the API documents (round trips, the
// working-day identity `workingDays(after: d, through: addingWorkingDays(n, to: d)) == n`, …);
// outside it only "no trap" is asked, whatever saturation the implementation chooses.
//
// FUZZ_TRACE=1 prints every operation with its arguments before running it (to stderr): run a
// crashing input with it to see which call trapped and on what.
import Foundation
import FuzzSupport
import InspectConfig
import InspectCore

let calendar: WorkCalendar = {
    do { return try CalendarLoader.workCalendar(configDirectory: Repository.configDirectory) } catch {
        fatalError("cannot load \(Repository.configDirectory)/calendar: \(error) (set INSPECTD_ROOT to the repository)")
    }
}()

let interesting64: [Int64] = [
    0, 1, -1, 2, -2, 7, 12, 20, 24, 30, 31, 60, 365, 366, 3_600, 86_400,
    10_000, -10_000, 20_000, 100_000, -100_000, 240_000, 1_000_000, -1_000_000,
    -719_162, -719_163, 2_932_896, 2_932_897,                  // 0001-01-01, 9999-12-31 and beyond
    Int64(Int32.max), Int64(Int32.min), Int64(Int32.max) + 1, Int64(Int32.min) - 1,
    Int64(Int32.max) / 12, Int64(Int32.max) * 86_400, Int64(Int32.min) * 86_400,
    Int64.max / 3_600, Int64.max / 3_600 + 1, Int64.max / 86_400, Int64.max / 12,
    Int64.max / 2, Int64.min / 2, Int64.max, Int64.min, Int64.max - 1, Int64.min + 1,
]

let interesting32: [Int32] = [
    0, 1, -1, 7, 365, -365, 18_262, 20_454, 20_819, 21_184,     // 2020-01-01, 2026-01-01, 2027-01-01, 2028-01-01
    -25_567, 84_000,                                               // 1900-01-01, 2199-12-31
    -719_162, -719_163, 2_932_896, 2_932_897,
    Int32.max, Int32.min, Int32.max - 1, Int32.min + 1, Int32.max / 2, Int32.min / 2,
]

extension FuzzInput {
    mutating func int() -> Int {
        let s = byte()
        if s & 0x80 != 0 { return Int(interesting64[Int(s & 0x7F) % interesting64.count]) }
        return Int(int64())
    }
    mutating func dayNumber() -> Int32 {
        let s = byte()
        if s & 0x80 != 0 { return interesting32[Int(s & 0x7F) % interesting32.count] }
        return int32()
    }
    mutating func date() -> CivilDate { CivilDate(dayNumber: dayNumber()) }
    mutating func unit() -> PeriodUnit { PeriodUnit.allCases[Int(byte()) % PeriodUnit.allCases.count] }
    mutating func text(maxLength: Int) -> String {
        let n = Int(byte()) % (maxLength + 1)
        var bytes: [UInt8] = []
        for _ in 0..<n { bytes.append(byte()) }
        return String(decoding: bytes, as: UTF8.self)
    }
    mutating func legalPeriod() -> LegalPeriod {
        let n = int()
        switch byte() % 5 {
        case 0: return .days(n)
        case 1: return .workingDays(n)
        case 2: return .months(n)
        case 3: return .years(n)
        default: return .hours(n)
        }
    }
}

/// Years 1900–2200: where the checks of documented results apply.
func ordinary(_ d: CivilDate) -> Bool { d.dayNumber >= -25_567 && d.dayNumber <= 84_000 }
func ordinary(_ n: Int) -> Bool { n >= -10_000 && n <= 10_000 }

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let cal = calendar
    var steps = 0
    while !input.isEmpty && steps < 64 {
        steps += 1
        let op = input.byte() % 24
        switch op {
        case 0:
            let d = input.date(), n = input.int()
            trace("CivilDate(dayNumber: \(d.dayNumber)).adding(days: \(n))")
            let r = d.adding(days: n)
            if ordinary(d), ordinary(n), ordinary(r), d.days(to: r) != n { invariantFailed("\(d.iso) + \(n) days = \(r.iso)") }
        case 1:
            let d = input.date()
            trace("CivilDate(dayNumber: \(d.dayNumber)).components / .iso / .isoWeekday")
            let c = d.components
            _ = d.iso; _ = d.isoWeekday; _ = d.isWeekend
            if ordinary(d), CivilDate(year: c.year, month: c.month, day: c.day) != d || CivilDate(iso: d.iso) != d {
                invariantFailed("day \(d.dayNumber) → \(c) / \(d.iso) does not read back")
            }
        case 2:
            let y = input.int(), m = input.int(), dd = input.int()
            trace("CivilDate(year: \(y), month: \(m), day: \(dd))")
            if let d = CivilDate(year: y, month: m, day: dd), ordinary(d) {
                guard d.components == (y, m, dd) else { invariantFailed("\(y)-\(m)-\(dd) → \(d.components)") }
            }
        case 3:
            let t = input.text(maxLength: 20)
            trace("CivilDate(iso: \(t.debugDescription)), LocalDateTime(iso:), CalendarPeriod(label:)")
            if let d = CivilDate(iso: t) { _ = d.iso }
            if let l = LocalDateTime(iso: t) { _ = l.iso; _ = l.date }
            if let p = CalendarPeriod(label: t) { _ = p.start; _ = p.end; _ = p.label }
        case 4:
            let d = input.date(), n = input.int()
            trace("CivilDate(dayNumber: \(d.dayNumber)).addingMonths(\(n))")
            _ = d.addingMonths(n)
        case 5:
            let y = input.int(), m = 1 + Int(input.byte() % 12)
            trace("CivilDate.firstOfMonth/lastOfMonth(year: \(y), month: \(m))")
            _ = CivilDate.firstOfMonth(year: y, month: m)
            _ = CivilDate.lastOfMonth(year: y, month: m)
        case 6:
            let d = input.date(), n = input.int()
            trace("calendar.addingWorkingDays(\(n), to: CivilDate(dayNumber: \(d.dayNumber)))")
            let r = cal.addingWorkingDays(n, to: d)
            if ordinary(d), ordinary(n), n >= 0, ordinary(r) {
                let back = cal.workingDays(after: d, through: r)
                guard back == n else { invariantFailed("workingDays(after: \(d.iso), through: addingWorkingDays(\(n)) = \(r.iso)) = \(back)") }
                guard n == 0 || cal.isWorkingDay(r) else { invariantFailed("addingWorkingDays(\(n), to: \(d.iso)) = \(r.iso), not a working day") }
            }
        case 7:
            let d = input.date(), n = input.int()
            trace("calendar.subtractingWorkingDays(\(n), from: CivilDate(dayNumber: \(d.dayNumber)))")
            let r = cal.subtractingWorkingDays(n, from: d)
            if ordinary(d), ordinary(n), n > 0, ordinary(r), !(r < d) { invariantFailed("subtractingWorkingDays(\(n), from: \(d.iso)) = \(r.iso)") }
        case 8:
            let a = input.date(), b = input.date()
            trace("calendar.workingDays(after: \(a.dayNumber), through: \(b.dayNumber)) / workingDays(from:through:)")
            let after = cal.workingDays(after: a, through: b)
            let from = cal.workingDays(from: a, through: b)
            if ordinary(a), ordinary(b), a <= b {
                guard after >= 0, after <= a.days(to: b), from >= after, from <= after + 1 else {
                    invariantFailed("workingDays(after: \(a.iso), through: \(b.iso)) = \(after), from: = \(from)")
                }
            }
        case 9:
            let d = input.date()
            trace("calendar.nextWorkingDay(onOrAfter:/after: CivilDate(dayNumber: \(d.dayNumber)))")
            let r = cal.nextWorkingDay(onOrAfter: d)
            _ = cal.nextWorkingDay(after: d)
            if ordinary(d), ordinary(r), !(r >= d && cal.isWorkingDay(r)) { invariantFailed("nextWorkingDay(onOrAfter: \(d.iso)) = \(r.iso)") }
        case 10:
            let d = input.date()
            trace("calendar.previousWorkingDay(onOrBefore:/before: CivilDate(dayNumber: \(d.dayNumber)))")
            let r = cal.previousWorkingDay(onOrBefore: d)
            _ = cal.previousWorkingDay(before: d)
            if ordinary(d), ordinary(r), !(r <= d && cal.isWorkingDay(r)) { invariantFailed("previousWorkingDay(onOrBefore: \(d.iso)) = \(r.iso)") }
        case 11:
            let d = input.date()
            trace("calendar.isWorkingDay/kind/holiday(containing:)/isProvisional(CivilDate(dayNumber: \(d.dayNumber)))")
            _ = cal.isWorkingDay(d); _ = cal.kind(of: d); _ = cal.holiday(containing: d); _ = cal.makeupArrangement(for: d)
            _ = cal.isProvisional(d)
        case 12:
            let a = input.date(), b = input.date()
            trace("calendar.isProvisional(from: \(a.dayNumber), through: \(b.dayNumber))")
            _ = cal.isProvisional(from: a, through: b)
            // Lists one year per element: only over spans a caller could ask about.
            if abs(Int(b.dayNumber) - Int(a.dayNumber)) <= 366 * 50 { _ = cal.yearsWithoutArrangement(from: a, through: b) }
        case 13:
            let u = input.unit(), d = input.date()
            trace("CalendarPeriod(unit: .\(u), containing: \(d.dayNumber)) / calendar.lastWorkingDay(of:containing:)")
            let p = CalendarPeriod(unit: u, containing: d)
            _ = p.start; _ = p.end; _ = p.label; _ = p.next; _ = p.previous
            _ = cal.lastWorkingDay(of: u, containing: d)
            _ = cal.firstWorkingDay(in: p); _ = cal.workingDays(in: p)
            if ordinary(d), !p.contains(d) { invariantFailed("\(p.label) (\(p.start.iso)…\(p.end.iso)) does not contain \(d.iso)") }
        case 14:
            // Indexes up to ±10^6 (±83 000 years of months): far past 9999-12-31, yet without
            // `index * unit.months` overflowing Int, which only code passing such an index can reach.
            let u = input.unit(), i = input.int() % 1_000_001
            trace("CalendarPeriod(unit: .\(u), index: \(i)).start/.end/.label")
            let p = CalendarPeriod(unit: u, index: i)
            _ = p.start; _ = p.end; _ = p.label
        case 15:
            let d = input.date(), p = input.legalPeriod()
            trace("calendar.add(\(p) [\(String(reflecting: p))], to: CivilDate(dayNumber: \(d.dayNumber)))")
            let r = cal.add(p, to: d)
            if ordinary(d), ordinary(p.count), p.count >= 0, ordinary(r.end), p.dependsOnCalendar {
                guard r.end >= r.nominalEnd, cal.isWorkingDay(r.end) || p.count == 0 else { invariantFailed("add(\(p), to: \(d.iso)) = \(r)") }
            }
        case 16:
            let s = input.int(), p = input.legalPeriod()
            trace("calendar.add(\(String(reflecting: p)), to: LocalDateTime(seconds: \(s)))")
            _ = cal.add(p, to: LocalDateTime(seconds: Int64(s)))
        case 17:
            let d = input.date(), p = input.legalPeriod(), q = input.legalPeriod()
            trace("calendar.extend(calendar.add(\(String(reflecting: p)), to: \(d.dayNumber)), by: \(String(reflecting: q)))")
            let first = cal.add(p, to: d)
            _ = cal.extend(first, by: q)
        case 18:
            let s = input.int(), h = input.int(), x = input.int()
            trace("LocalDateTime(seconds: \(s)).adding(hours: \(h)) / .adding(seconds: \(x)) / .date / .iso")
            let t = LocalDateTime(seconds: Int64(s))
            _ = t.date; _ = t.iso; _ = t.hour; _ = t.minute; _ = t.second
            _ = t.adding(hours: h).iso
            _ = t.adding(seconds: Int64(x)).iso
        case 19:
            let d = input.date(), h = Int(input.byte() % 26), m = Int(input.byte() % 61), s = Int(input.byte() % 61)
            trace("LocalDateTime(date: \(d.dayNumber), hour: \(h), minute: \(m), second: \(s))")
            if let t = LocalDateTime(date: d, hour: h, minute: m, second: s) { _ = t.iso; _ = t.date }
        case 20:
            let t = input.text(maxLength: 12)
            trace("LegalPeriod(\(t.debugDescription)) / LeadTime(\(t.debugDescription))")
            if let p = LegalPeriod(t) {
                guard LegalPeriod(p.description) == p, p.count >= 1, p.count <= LegalPeriod.maximumCount else { invariantFailed("LegalPeriod(\(t.debugDescription)) = \(p)") }
            }
            if let l = LeadTime(t) { _ = l.start(before: CivilDate(dayNumber: 20_454), in: cal) }
        case 21:
            let d = input.date(), n = input.int(), working = input.byte() & 1 == 1
            let lead: LeadTime = working ? .workingDays(n) : .calendarDays(n)
            trace("LeadTime.\(lead).start(before: CivilDate(dayNumber: \(d.dayNumber)), in: calendar)")
            _ = lead.start(before: d, in: cal)
        case 22:
            let a = input.date(), b = input.date()
            trace("CivilDate(dayNumber: \(a.dayNumber)).days(to: CivilDate(dayNumber: \(b.dayNumber)))")
            _ = a.days(to: b)
        default:
            let d = input.date(), n = input.int()
            trace("calendar.add(.workingDays(\(n)), to: \(d.dayNumber)) vs addingWorkingDays")
            let r = cal.add(.workingDays(n), to: d)
            if r.end != cal.addingWorkingDays(n, to: d) { invariantFailed("add(.workingDays(\(n)), to: \(d.iso)) = \(r.end.iso) ≠ addingWorkingDays") }
        }
    }
    return 0
}
