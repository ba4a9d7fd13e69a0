extension ControlInterface {
    /// Lifecycle events (rectifications, cases, reports) and the deadlines they start.
    static let lifecycleDescription = """
    # An event in the life of a rectification order, a case or a report.
    type Event (
      id: int,
      subject: string,
      entity: string,
      kind: string,
      at: string,
      attributes: [string]string,
      note: ?string,
      corrects: ?int,
      recorded_by: ?Person
    )

    # A deadline started by an event, with where it stands.
    type TrackedDeadline (
      key: string,
      rule: string,
      title: string,
      subject: string,
      entity: string,
      entity_name: string,
      started: string,
      due: string,
      due_time: ?string,
      extensions: int,
      state: string,
      met_at: ?string,
      supervisor: ?string,
      provisional: bool,
      basis: string,
      # The notice stage reached now (reminder-3wd, due, overdue-2), as the notice run decides it.
      notice: ?string,
      # The days the rule's reminders begin, before the due date.
      reminders: ?[]string,
      # true: the notice stage is reached today and today's notice run has not announced it yet.
      notice_pending: ?bool
    )

    # Records an event (a fact): refused with InvalidArgument when it cannot happen (ordering,
    # a future date, an extension after the deadline or beyond the cap). The subject id is
    # assigned (R-2026-1, CASE-2026-1) when an opening event gives none.
    method RecordEvent(
      subject: ?string,
      entity: string,
      kind: string,
      # YYYY-MM-DD or YYYY-MM-DDTHH:MM, local time of the office; without it, today by the
      # daemon's clock in office.timezone.
      at: ?string,
      attributes: ?[string]string,
      note: ?string,
      corrects: ?int,
      # As RecordInspection's: a retry with an id already recorded returns the first call's event.
      request_id: ?string
    ) -> (event: Event, deadlines: []TrackedDeadline)

    # Recorded events (all, of one subject, of one entity), by time then id, in pages like
    # ListObligations (`limit`, `after`, `next`, `remaining`; every page in turn with `more`).
    method ListEvents(subject: ?string, entity: ?string, limit: ?int, after: ?string) -> (events: []Event, next: ?string, remaining: ?int)

    # Recorded inspections (all, of one entity, or the one with `id`), by date then id, with those
    # withdrawn by a correction marked; in pages like ListObligations (`limit`, `after`, `next`,
    # `remaining`, and every page in turn when called with `more`).
    method ListInspections(entity: ?string, id: ?int, limit: ?int, after: ?string) -> (
      inspections: []Inspection, withdrawn: []int, next: ?string, remaining: ?int
    )

    # Withdraws a recorded inspection, with the reason: the record stays, it no longer counts.
    method WithdrawInspection(id: int, reason: string) -> (event: Event)

    # Deadlines: open ones due within `within_days` (overdue always), or only overdue ones, or all of an entity.
    # `state`: lapsed (ran out unmet) or closed (met or lapsed). In pages like ListObligations.
    method ListDeadlines(within_days: ?int, overdue_only: ?bool, entity: ?string, all: ?bool, state: ?string, limit: ?int, after: ?string,
                         supervisor: ?string, office: ?string) -> (
      now: string, deadlines: []TrackedDeadline, next: ?string, remaining: ?int)
    """
}
