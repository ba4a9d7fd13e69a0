import InspectCore

extension ControlInterface {
    /// The manager's report (issue 14): methods and types.
    static let reportDescription = """
    # The figures of obligations (issue 14): due in the period, met on time, met late (working
    # days late, summed and the most), still open, overdue, waived (how many per reason);
    # completion and on_time are fractions of those due and not waived (none when there are none).
    type ObligationFigures (
      due: int,
      met_on_time: int,
      met_late: int,
      late_working_days: int,
      max_late_working_days: int,
      open: int,
      overdue: int,
      waived: int,
      waived_reasons: [string]int,
      completion: ?float,
      on_time: ?float
    )

    # One group of a report (a supervisor, office, rule, kind, jurisdiction or month).
    type ReportGroup (key: string, label: string, obligations: ObligationFigures)

    # One deadline rule's deadlines started in the period, by their state on the report's day.
    type ReportDeadlines (rule: string, title: string, started: int, met_on_time: int, met_late: int, overdue: int,
                          running: int, lapsed: int, extended: int)

    # One sampling rule over its periods that meet the report's: quota (units), drawn (units),
    # drawn entities, inspected (their sampling obligation met), published (N01 follow-up met).
    type ReportSampling (rule: string, title: string, periods: []string, quota_min: int, quota_max: int, unit: string,
                         drawn: int, drawn_entities: int, inspected: int, published: int)

    # Entities of one grade at the period's end, and escalations to it during the period.
    type ReportGrades (scale: string, level: string, entities: int, escalations: int)

    type Report (
      from: string,
      to: string,
      today: string,
      grouping: string,
      groups: []ReportGroup,
      total: ObligationFigures,
      months: []ReportGroup,
      deadlines: []ReportDeadlines,
      sampling: []ReportSampling,
      grades: []ReportGrades
    )

    # The manager's report for the period from…to (ISO dates, at most 731 days), grouped by
    # supervisor (default), office, rule, kind, jurisdiction or month; office: that office's
    # entities only. Computed from the same obligations as GetPlan.
    method GetReport(from: string, to: string, by: ?string, office: ?string) -> (report: Report)
    """
}

extension Control {
    public enum ReportMethod: String, CaseIterable, Sendable {
        case getReport = "GetReport"
        public var qualified: String { "\(ControlInterface.name).\(rawValue)" }
    }

    public struct GetReportRequest: Codable, Sendable {
        public var from: String
        public var to: String
        public var by: String?
        public var office: String?
        public init(from: String, to: String, by: String? = nil, office: String? = nil) {
            self.from = from; self.to = to; self.by = by; self.office = office
        }
    }

    public struct ReportReply: Codable, Sendable {
        public var report: PerformanceReport
        public init(report: PerformanceReport) { self.report = report }
    }
}
