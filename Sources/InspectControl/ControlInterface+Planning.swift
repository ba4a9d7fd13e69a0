extension ControlInterface {
    /// Planning, explaining and rules: methods and types.
    static let planningDescription = """
    # One obligation in a plan: with its key, the entity's jurisdiction, the manager's planned
    # date (never hiding the legal due date) and a waiver's reason.
    type PlannedObligation (
      key: string,
      entity: string,
      entity_name: string,
      jurisdiction: string,
      rule: string,
      title: string,
      period: string,
      window_start: string,
      window_end: string,
      due: string,
      planned: ?string,
      planned_after_due: bool,
      status: string,
      required: int,
      done: int,
      waived_reason: ?string,
      supervisor: ?string,
      provisional: bool,
      # Who set the plan or the waiver in force.
      planned_by: ?Person
    )

    # A rule of the running configuration.
    type Rule (
      id: string,
      type: string,
      title: string,
      source: []string,
      enabled: bool,
      who: string,
      about: []string,
      demand: string,
      basis: string
    )

    # Why an obligation is what it is: its rule, the facts counted, the dates, the basis.
    type Explanation (
      obligation: PlannedObligation,
      rule: Rule,
      counted: []Inspection,
      remind_from: string,
      text: string
    )

    # The year's plan: every obligation whose window meets the year, by due date.
    # A page covers whole entities in id order (about `limit` obligations, default 10000), each page
    # by due date; `next` continues it. With `more`, every page in turn.
    method GetPlan(year: int, jurisdiction: ?string, limit: ?int, after: ?string) -> (year: int, today: string, obligations: []PlannedObligation, next: ?string)

    # Sets a planned date for an obligation, waives it with a reason, or clears both.
    method SetPlan(key: string, planned: ?string, waive_reason: ?string, clear: ?bool) -> (obligation: PlannedObligation)

    method Explain(entity: string, rule: ?string) -> (explanations: []Explanation)

    method ListRules() -> (rules: []Rule)

    method GetRule(id: string) -> (rule: Rule)
    """
}
