extension ControlInterface {
    /// The visit planner: inspectors' territories and leave, and the proposed visits.
    static let visitsDescription = """
    # Days an inspector is away (leave, training); a correction withdraws one, nothing is deleted.
    type InspectorLeave (
      id: int,
      inspector: string,
      from: string,
      to: string,
      reason: string,
      recorded_at: string,
      recorded_by: ?Person,
      withdrawn_at: ?string,
      withdrawal_reason: ?string
    )

    # One proposed visit: an entity on a working day by a team, meeting the obligations listed
    # (their keys); due: the latest day it is on time; reason: why that day and that team.
    type ProposedVisit (
      date: string,
      entity: string,
      entity_name: string,
      jurisdiction: string,
      obligations: []string,
      inspectors: []string,
      inspector_names: []string,
      due: string,
      reason: string,
      # The reason as clauses, each a code and its values, for a client to say in its user's
      # language (a proposal's visits; an applied visit keeps the sentence only).
      reasons: ?[]PlanReason,
      # A planned (applied) visit: its id, its state (planned, met, missed, cancelled), the day it
      # had before a move and why, whether it is after its due date, why it was cancelled.
      id: ?int,
      status: ?string,
      moved_from: ?string,
      move_reason: ?string,
      late: ?bool,
      cancel_reason: ?string
    )

    # An obligation whose visit could not be placed, and why (also as clauses with codes).
    type UnplacedObligation (obligation: string, reason: string, reasons: ?[]PlanReason)

    # One clause of a planner's reason: due, least_loaded_day, pinned, drawn_team, combined,
    # not_in_directory, pin_passed, pin_not_working_day, due_before_first_day, no_on_time_day,
    # no_capacity, capacity_short, drawn_team_barred, nobody_covers, all_in_conflict, team_too_small.
    type PlanReason (code: string, values: []string)

    # What a proposal gives one inspector: visits and days out.
    type InspectorLoad (inspector: string, name: string, visits: int, days: int)

    # Changes an inspector: the fields given replace the recorded ones (jurisdictions or kinds
    # empty: every one; active false: never planned nor drawn).
    method SetInspector(id: string, name: ?string, office: ?string, active: ?bool, jurisdictions: ?[]string, kinds: ?[]string,
                        visits_per_day: ?int) -> (inspector: Inspector)

    # Records days off, from and to inclusive (at most 366 days).
    method RecordLeave(inspector: string, from: string, to: string, reason: string) -> (leave: InspectorLeave)

    # Withdraws a recorded leave (a correction, with its reason; the record stays).
    method WithdrawLeave(id: int, reason: string) -> (leave: InspectorLeave)

    # Leave in force (withdrawn: those withdrawn too), of one inspector or everyone, ending on or
    # after since; a page of at most limit (default 1000) after the cursor after.
    method ListLeave(inspector: ?string, since: ?string, withdrawn: ?bool, limit: ?int, after: ?string) -> (leave: []InspectorLeave, next: ?string, remaining: ?int)

    # Proposes the visits of a window (at most 92 days) for the office's entities (office: one
    # office's supervisors'): who goes where on which working day, each visit meeting every open
    # obligation of its entity it can, by their legal due dates. Changes nothing. The same facts
    # and seed give the same proposal.
    # Visits applied before in the window are kept (kept: how many) and their obligations not
    # planned again; a missed one's obligations are. With more: in parts of at most 1000 visits,
    # then of unplaced obligations, then the load and the counts (a province's month is more
    # than one message can carry).
    method ProposeVisits(from: string, to: string, office: ?string, seed: ?int) -> (visits: []ProposedVisit, unplaced: []UnplacedObligation, load: []InspectorLoad, kept: ?int, cancelled: ?int)

    # Records the window's proposal as planned visits, in one transaction (managers, for their
    # office). replan: the visits applied before in the window, from today on, are cancelled and
    # planned again (cancelled: how many); otherwise they are kept.
    method ApplyVisits(from: string, to: string, office: ?string, seed: ?int, replan: ?bool) -> (visits: []ProposedVisit, unplaced: []UnplacedObligation, load: []InspectorLoad, kept: ?int, cancelled: ?int)

    # Planned visits by day (inspector: one inspector's; cancelled: those too), each with its
    # state; a page of at most limit (default 1000) after the cursor after.
    method ListVisits(from: ?string, to: ?string, inspector: ?string, cancelled: ?bool, limit: ?int, after: ?string) -> (visits: []ProposedVisit, next: ?string, remaining: ?int)

    # Moves a planned visit to another working day, today or later; after its due date it needs a
    # reason and is flagged (late).
    method MoveVisit(id: int, date: string, reason: ?string) -> (visit: ProposedVisit)

    # Cancels a planned visit (kept, with the reason); its obligations are planned again.
    method CancelVisit(id: int, reason: string) -> (visit: ProposedVisit)

    # One month of one jurisdiction: the visits the obligations need (a visit that may go in any of
    # several months counts in each in part), the inspector-visits they take (each its team), what
    # the inspectors covering the jurisdiction can make (working days × visits a day, less leave),
    # and the shortfall.
    type CapacityMonth (month: string, jurisdiction: string, visits: float, needed: float, capacity: float, short: float)

    # Will the year fit? Month by month and by jurisdiction (office: one office's entities).
    method VisitCapacity(year: int, office: ?string) -> (months: []CapacityMonth)

    # Why a planned visit has that day and that team: the due dates, the capacity that day, who
    # was away or excluded by a conflict, the draw, the pin.
    method ExplainVisit(id: int) -> (visit: ProposedVisit, lines: []string, details: ?[]ExplainLine)

    # One line of a visit's explanation, for a client to say in its user's language: visit, meets,
    # due_on_time, due_after, moved_from, why (the visit's reasons), in_team, inactive, away,
    # conflict, not_covering, free.
    type ExplainLine (code: string, values: []string)
    """
}
