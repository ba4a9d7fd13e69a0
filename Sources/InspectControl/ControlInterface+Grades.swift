extension ControlInterface {
    /// Grades (分类评级, risk and credit classes), their history, escalations and the risk score.
    static let gradesDescription = """
    # One grade assignment and whether it is in force.
    type GradeEntry (
      id: int,
      scale: string,
      level: string,
      effective: string,
      reason: string,
      assigned_by: string,
      rule: ?string,
      causes: []int,
      status: string,
      # Who recorded it: the uid, its login, and the supervisor that login is.
      recorded_by: ?Person
    )

    # One signal of the risk score.
    type RiskContribution (signal: string, title: string, count: int, weight: int, points: int)

    # Assigns a grade (recorded with the acting user; the cadence rules of the new grade apply at once).
    # request_id: as RecordInspection's (a retry with an id already recorded returns the first call's entry).
    method SetGrade(entity: string, level: string, scale: ?string, effective: ?string, reason: string, request_id: ?string) -> (entry: GradeEntry)

    # The current grade on each scale and the whole history, escalations included.
    method GetGrades(entity: string) -> (entity: string, current: []GradeEntry, history: []GradeEntry)

    # The risk score: each signal's contribution and the grade it proposes.
    method ExplainGrade(entity: string) -> (
      entity: string,
      scale: ?string,
      current: ?string,
      score: int,
      proposed: ?string,
      contributions: []RiskContribution,
      explanation: []string
    )
    """
}
