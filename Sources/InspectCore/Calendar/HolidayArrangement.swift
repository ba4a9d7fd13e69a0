/// The State Council's holiday arrangement (节假日安排) for one year, as published in its yearly
/// notice (国务院办公厅关于YYYY年部分节假日安排的通知): the holidays and the weekend days moved to
/// working days (调休上班). Shipped as data (`config/calendar/YYYY.yaml`), never as code.
///
/// A holiday may begin or end in an adjacent year (the 2023 New Year holiday ran from
/// 31 December 2022), and a make-up working day may fall in the previous year (the 2019 notice
/// made Saturday 29 December 2018 a working day).
public struct HolidayArrangement: Hashable, Sendable {
    /// One holiday (放假), e.g. 春节 2024-02-10 … 2024-02-17, both ends included.
    public struct Holiday: Hashable, Sendable {
        /// The name used in the notice, e.g. `春节`, `国庆节、中秋节`.
        public var name: String
        public var first: CivilDate
        public var last: CivilDate
        public init(name: String, first: CivilDate, last: CivilDate) { self.name = name; self.first = first; self.last = last }

        public func contains(_ d: CivilDate) -> Bool { d >= first && d <= last }
        /// Number of days in the holiday, both ends included.
        public var length: Int { first.days(to: last) + 1 }
    }

    public var year: Int
    public var holidays: [Holiday]
    /// Weekend days that are working days under this arrangement (调休上班).
    public var makeupWorkdays: [CivilDate]
    /// The notice this comes from, e.g. "国办发明电〔2025〕7号 (2025-11-04)".
    public var source: String
    /// Later notices that changed the arrangement, e.g. the 2020 Spring Festival extension
    /// "国办发明电〔2020〕1号 (2020-01-26) …". The holidays and make-up days above already include them.
    public var amendments: [String]

    public init(year: Int, holidays: [Holiday], makeupWorkdays: [CivilDate], source: String, amendments: [String] = []) {
        self.year = year; self.holidays = holidays; self.makeupWorkdays = makeupWorkdays
        self.source = source; self.amendments = amendments
    }

    /// The holiday containing `d`, if any.
    public func holiday(containing d: CivilDate) -> Holiday? { holidays.first { $0.contains(d) } }
}
