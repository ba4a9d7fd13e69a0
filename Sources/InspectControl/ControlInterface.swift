/// The daemon's own Varlink interface, `io.inspectd.Control`, shared by `inspectd` (server) and
/// `inspectctl` (client). Field names are stable: scripts depend on them.
public enum ControlInterface {
    public static let name = "io.inspectd.Control"

    /// The interface definition returned by `org.varlink.service.GetInterfaceDescription`:
    /// the core part below, then the parts of other concerns (sampling, planning), each in its
    /// own file, before the errors.
    public static var description: String {
        [coreDescription, samplingDescription, visitsDescription, calendarDescription, planningDescription, lifecycleDescription, gradesDescription, hookDescription, simulateDescription, reportDescription, errorsDescription].filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    static let coreDescription = """
    # The control interface of inspectd, the supervision calendar daemon of a local regulator.
    # Dates are ISO 8601 civil dates (YYYY-MM-DD) in the office's time zone.
    interface io.inspectd.Control

    # What one cadence rule demands of one entity in one period.
    type Obligation (
      entity: string,
      entity_name: string,
      rule: string,
      title: string,
      period: string,
      due: string,
      status: string,
      required: int,
      done: int,
      supervisor: ?string,
      supervisor_name: ?string,
      provisional: bool,
      # The notice stage the obligation has reached today, as the daemon announces it
      # (reminder-5wd, due, overdue, overdue-2, …); null when none (pending, met, waived).
      notice: ?string,
      # The days the rule's reminders begin, before the due date (working days on the holiday calendar);
      # only when the list was asked with `reminders` (calendar feeds).
      reminders: ?[]string,
      # The planned visit meant to meet it (plan propose --apply): its day and team (names).
      visit: ?string,
      visit_inspectors: ?[]string,
      # true: the notice stage is reached today and today's notice run has not announced it yet
      # (before the notice hour, or before the first run after a start).
      notice_pending: ?bool
    )

    # A supervised entity of the directory.
    type Entity (
      id: string,
      name: string,
      kind: string,
      jurisdiction: string,
      approved_on: ?string,
      grade: ?string,
      supervisor: ?string,
      industry: ?string
    )

    # A recorded inspection.
    type Inspection (
      id: int,
      entity: string,
      date: string,
      kind: string,
      authority: string,
      inspectors: []string,
      note: ?string,
      exception_reason: ?string,
      advance_notice: ?string,
      findings: ?string,
      # In lists: withdrawn by a correction (it no longer counts).
      withdrawn: ?bool,
      # Who recorded it: the uid, its login, and the supervisor that login is.
      recorded_by: ?Person
    )

    type Person (uid: int, login: ?string, supervisor: ?string, name: ?string)

    # A notice that was sent.
    type Notice (
      key: string,
      kind: string,
      entity: string,
      entity_name: string,
      rule: string,
      period: string,
      due: string,
      supervisor: ?string,
      day: string,
      message: string
    )

    # One check a monitor makes (inspectctl status --check): level ok, warning or critical.
    # code and values: the detail for a client to say in its user's language (leads, other_leads,
    # no_leader, run_by_leader, no_run_today, last_run, not_due_yet, dead_letters, no_dead_letters,
    # calendar_missing, calendar_loaded, same_versions, versions_differ, schema_newer).
    type HealthItem (name: string, level: string, detail: string, code: ?string, values: ?[]string)

    # A daemon present on a shared store (heard from within 10 s) and what it runs: version null for
    # a daemon of a version that does not say it; schema: the migrations it knows; feed: its change
    # feed's format.
    type PlatformDaemon (instance: string, host: ?string, version: ?string, schema: ?int, feed: ?int)

    # The daemon's state at a glance.
    method GetStatus() -> (
      office: string,
      now: string,
      today: string,
      config_directory: string,
      rules: int,
      entities: int,
      obligations: int,
      open: int,
      due_soon: int,
      overdue: int,
      next_due: ?string,
      # Notices in the outbox: delivered to the log and journal, and waiting (a failed delivery is
      # retried every 30 s); for the command hooks, waiting and dead-lettered.
      notices_sent: int,
      notices_pending: int,
      hook_pending: int,
      hook_dead: int,
      # When the last full notice run finished (local time) and how many notices it decided (new
      # or sent before); null until one has run since the daemon started. It runs after READY=1,
      # off the query path, at the notice hour on working days and again after changes.
      last_notice_run: ?string,
      last_notice_run_decided: ?int,
      # What runs off the query path now: "notice-run", "delivery", "rebuild" (the day's
      # recompute, a reload, a large import); empty when idle.
      background_work: ?[]string,
      # The notice hour (HH:MM): a working day's notices are announced then.
      notice_time: ?string,
      # Each channel's delivery (ChannelCounts).
      channels: ?[]ChannelCounts,
      # The daemon's version and the git commit it was built from ("development build" if none).
      version: ?string,
      # Where the facts are: "sqlite" or "postgresql"; this daemon's instance name; on PostgreSQL,
      # the instance holding the leader's lease (it runs the notice run, escalations and hooks;
      # null while none does) and whether that is this daemon.
      storage: ?string,
      instance: ?string,
      leader: ?string,
      leading: ?bool,
      commit: ?string,
      # From 1 November while next year's holiday arrangement is not loaded: that year, and how
      # many open obligations fall due in it or later (their due dates are provisional).
      provisional_year: ?int,
      provisional_due_dates: ?int,
      # What a monitor checks: the day's notice run (critical when none by half an hour after the
      # notice hour on a working day), dead letters (warning), a platform's leader (critical when
      # none), next year's holiday calendar (warning in the last 30 days of the year), on a
      # platform the daemons' versions (warning while they differ, or while the database's schema
      # is newer than this daemon knows).
      health: ?[]HealthItem,
      # On PostgreSQL: this daemon's schema and change-feed versions, every daemon present with
      # what it runs, and the migrations the database holds that this daemon does not know (it
      # then writes nothing and does not lead).
      schema: ?int,
      feed: ?int,
      daemons: ?[]PlatformDaemon,
      schema_newer: ?[]string
    )

    # Open obligations, soonest first: due within `within_days` days of today (overdue ones always),
    # optionally of one supervisor; `overdue_only` lists only overdue ones. A page holds at most
    # `limit` (1–10000, default 1000); `next` continues it (pass it as `after`), `remaining` says
    # how many follow. Ordered by due date, entity, rule and period. Called with `more`, it sends
    # every page in turn (each `limit` long), one reply each, the last without `continues`.
    # `rule`, `jurisdiction`, `kind` (of the entity) and `status` (pending, due-soon, due, overdue)
    # narrow the list, each through an index of its own; `office` keeps the entities that office's
    # supervisors are responsible for (the daemon's own office also those without a supervisor),
    # read from those supervisors' indexes merged.
    method ListObligations(within_days: ?int, supervisor: ?string, overdue_only: ?bool, limit: ?int, after: ?string,
                           rule: ?string, jurisdiction: ?string, kind: ?string, status: ?string, office: ?string, reminders: ?bool) -> (
      today: string,
      obligations: []Obligation,
      next: ?string,
      remaining: ?int
    )

    # The directory by id, in pages like ListObligations (`after`: the last id of the page before;
    # with `more`, every page in turn).
    method ListEntities(limit: ?int, after: ?string) -> (entities: []Entity, next: ?string, remaining: ?int)

    # One entity: its obligations, its inspections, and who imported its directory row and when.
    method GetEntity(id: string) -> (entity: Entity, obligations: []Obligation, inspections: []Inspection,
                                     imported_by: ?Person, imported_at: ?string)

    # Imports a CSV entity directory (header id,name,kind,jurisdiction,approved_on,grade,supervisor,industry).
    # The whole file is validated first; one bad row rejects it with InvalidData.
    method ImportEntities(file: string, csv: string) -> (added: int, updated: int)

    # A directory too large for one message (above 4 MiB; a message may have 8 MiB), in parts:
    # BeginImport, then ImportPart for each part — the header line followed by the file's lines
    # from first_line on, cut between records — then CommitImport, which changes the directory
    # all at once. Any bad row aborts the whole import (InvalidData names its line in the file);
    # nothing is imported before CommitImport. An import left 10 minutes without a part is dropped.
    method BeginImport(file: string) -> (import: string)
    method ImportPart(import: string, csv: string, first_line: int) -> (rows: int)
    method CommitImport(import: string) -> (added: int, updated: int)
    method AbortImport(import: string) -> ()

    # Records an inspection; returns it and the entity's obligations after it.
    method RecordInspection(
      entity: string,
      date: string,
      kind: string,
      inspectors: []string,
      authority: ?string,
      note: ?string,
      exception_reason: ?string,
      advance_notice: ?string,
      findings: ?string,
      # The client's id of this write (inspectctl makes one per command): a retry with an id
      # already recorded records nothing and returns the inspection of the first call.
      request_id: ?string
    ) -> (inspection: Inspection, obligations: []Obligation)

    # Rereads the configuration directory; a bad one is refused with ConfigInvalid and the old one stays.
    method Reload() -> (rules: int, supervisors: int)

    # Who the daemon takes the caller for: login and groups (resolved from the peer's uid at each
    # call), the role and why, and the supervisor the login is (supervisors[].user).
    method WhoAmI() -> (uid: int, login: ?string, groups: []string, role: string, because: string,
                        supervisor: ?string, name: ?string, office: ?string)

    type AuditEntry (
      id: int,
      at: string,
      uid: int,
      login: ?string,
      role: string,
      method: string,
      entity: ?string,
      key: ?string,
      outcome: string,
      reason: ?string,
      request_id: ?string
    )

    # The audit trail: every write and every refused call, oldest first, in pages like
    # ListObligations; from a day on, of one login, about one entity. Managers and admins.
    method ListAudit(since: ?string, user: ?string, entity: ?string, limit: ?int, after: ?string) -> (
      entries: []AuditEntry, next: ?string, remaining: ?int
    )

    # The notices sent, in the order they were decided, in pages like ListObligations (with `more`,
    # every page in turn).
    method ListNotices(since: ?string, supervisor: ?string, limit: ?int, after: ?string, office: ?string) -> (notices: []Notice, next: ?string, remaining: ?int)
    """

    static let errorsDescription = """
    error NoSuchEntity (id: string)
    # code and values: why, for a client to say in its user's language (reason: in English).
    error InvalidArgument (field: string, reason: string, code: ?string, values: ?[]string)
    # A problem in a file: where (file, line, field: the column or the key path), reason in English,
    # and code and values (the same for every problem of its kind) for a client to say in its
    # user's language.
    type DataProblem (file: string, line: ?int, field: ?string, reason: string, code: ?string, values: ?[]string)
    error InvalidData (file: string, line: ?int, field: ?string, reason: string, code: ?string, values: ?[]string)
    # errors: each problem as one line in English; problems: the same problems, located and coded.
    error ConfigInvalid (errors: []string, problems: ?[]DataProblem)
    error NoSuchRule (id: string)
    # A bound of the control socket refused the call: limit is connections, connections_per_user,
    # message_size, buffered_bytes or idle_timeout; reason says what to do.
    error LimitReached (limit: string, reason: string)
    # The database refused: cause is disk_full, read_only, busy (locked by another process past
    # the timeout), corrupt, io, unavailable (the PostgreSQL server cannot be reached; the
    # daemon reconnects by itself), or schema_newer (a newer daemon migrated the shared database:
    # this one writes nothing until it is upgraded). Nothing of the call was written.
    error StorageFailed (cause: string, reason: string)
    # The caller's role does not allow the call (nothing was written): role is the caller's
    # (reader, supervisor, manager, admin), needed names who may make it, reason says why.
    error PermissionDenied (method: string, role: string, needed: string, reason: string)
    """

    public enum Method: String, CaseIterable, Sendable {
        case getStatus = "GetStatus"
        case listObligations = "ListObligations"
        case listEntities = "ListEntities"
        case getEntity = "GetEntity"
        case importEntities = "ImportEntities"
        case beginImport = "BeginImport"
        case importPart = "ImportPart"
        case commitImport = "CommitImport"
        case abortImport = "AbortImport"
        case recordInspection = "RecordInspection"
        case reload = "Reload"
        case listNotices = "ListNotices"
        case getPlan = "GetPlan"
        case setPlan = "SetPlan"
        case explain = "Explain"
        case listRules = "ListRules"
        case getRule = "GetRule"
        case simulate = "Simulate"
        case whoAmI = "WhoAmI"
        case listAudit = "ListAudit"

        public var qualified: String { "\(ControlInterface.name).\(rawValue)" }
    }

    public enum ErrorName: String {
        case noSuchEntity = "NoSuchEntity"
        case invalidArgument = "InvalidArgument"
        case invalidData = "InvalidData"
        case configInvalid = "ConfigInvalid"
        case noSuchRule = "NoSuchRule"
        case limitReached = "LimitReached"
        case storageFailed = "StorageFailed"
        case permissionDenied = "PermissionDenied"

        public var qualified: String { "\(ControlInterface.name).\(rawValue)" }
    }
}
