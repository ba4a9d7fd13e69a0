extension CivilDate {
    /// The dates a recorded fact or a directory entry may carry — an inspection, a lifecycle
    /// event, an approval (`approved_on`), a grade's effective day, a planned date: from the
    /// founding of the People's Republic (1949-10-01) to the end of 2099. A date outside is a
    /// typing error (0001-01-01, 2999-01-01), refused where it enters with the field named
    /// (issue 10), so that no computation ever starts from it.
    public static let factRange: ClosedRange<CivilDate> =
        CivilDate(dayNumber: -7397)...CivilDate(dayNumber: 47481)  // 1949-10-01 … 2099-12-31

    /// `"1949-10-01 … 2099-12-31"`, for error messages.
    public static var factRangeText: String { "\(factRange.lowerBound.iso) … \(factRange.upperBound.iso)" }
}
