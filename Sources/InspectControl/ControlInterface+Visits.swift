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
      reason: string
    )

    # An obligation whose visit could not be placed, and why.
    type UnplacedObligation (obligation: string, reason: string)

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
    method ProposeVisits(from: string, to: string, office: ?string, seed: ?int) -> (visits: []ProposedVisit, unplaced: []UnplacedObligation, load: []InspectorLoad)
    """
}
