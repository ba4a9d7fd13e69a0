extension ControlInterface {
    /// Sampling (双随机) and the inspector pool: methods and types.
    static let samplingDescription = """
    # An inspector of the pool (执法检查人员) that sample draws assign; conflicts lists the
    # entities the inspector declared a conflict of interest with (回避, RULES.md P07).
    # jurisdictions and kinds: what the visit planner may give them (absent: every one);
    # visits_per_day: at most that many visits a day (1 to 20, default 3).
    type Inspector (
      id: string,
      name: string,
      office: ?string,
      active: bool,
      conflicts: []string,
      jurisdictions: ?[]string,
      kinds: ?[]string,
      visits_per_day: ?int
    )

    # A declared conflict of interest (回避); declarations are kept, never edited.
    type InspectorConflict (
      inspector: string,
      entity: string,
      reason: string,
      declared_at: string,
      declared_by: int
    )

    # One drawn entity and the inspectors drawn for it (at least two, RULES.md P01).
    type DrawnEntity (
      entity: string,
      entity_name: string,
      grade: ?string,
      industry: ?string,
      inspectors: []string,
      inspector_names: []string
    )

    # A recorded sample draw (双随机): seed, population snapshot digest and result.
    # size counts the drawn units: entities, or industries when unit is industry.
    type SampleDraw (
      id: string,
      rule: string,
      title: string,
      period: string,
      unit: string,
      seed: int,
      population_size: int,
      population_digest: string,
      size: int,
      industries: []string,
      # A page of the drawn entities, in draw order (GetDraw continues it).
      entities: []DrawnEntity,
      # How many entities were drawn in all.
      entity_count: int,
      drawn_at: string,
      drawn_by: int,
      # drawn_by's login, and the supervisor that login is.
      recorded_by: ?Person
    )

    # A recorded draw without its entities (a list of draws).
    type SampleDrawSummary (
      id: string,
      rule: string,
      title: string,
      period: string,
      unit: string,
      seed: int,
      population_size: int,
      population_digest: string,
      size: int,
      industries: []string,
      entity_count: int,
      drawn_at: string,
      drawn_by: int,
      recorded_by: ?Person
    )

    # Adds an inspector to the pool; an existing id is refused. jurisdictions and kinds: what
    # they cover (absent or empty: everything); visits_per_day: 1 to 20 (default 3).
    method AddInspector(id: string, name: string, office: ?string, jurisdictions: ?[]string, kinds: ?[]string,
                        visits_per_day: ?int) -> (inspector: Inspector)

    method ListInspectors() -> (inspectors: []Inspector)

    # Declares a conflict of interest (回避): the inspector is never drawn for the entity.
    # request_id: as RecordInspection's.
    method DeclareConflict(inspector: string, entity: string, reason: string, request_id: ?string) -> (conflict: InspectorConflict)

    # Draws the sample of a sampling rule for one period (label of the rule's period unit, e.g.
    # 2026, 2026-Q1, 2026+2027) and records it. Without a seed the daemon chooses one; it is
    # recorded and returned. A second draw of the same rule and period is refused.
    # request_id: as RecordInspection's (a retry returns the first call's draw, not "already drawn").
    # The reply carries the first page of the drawn entities (at most 1000); next continues them
    # with GetDraw.
    method DrawSample(rule: string, period: string, seed: ?int, request_id: ?string) -> (draw: SampleDraw, next: ?string, remaining: ?int)

    # Re-runs a recorded draw on its recorded population, pool and seed and compares the results;
    # also tells whether today's directory differs from the recorded population.
    method VerifyDraw(id: string) -> (
      id: string,
      verified: bool,
      differences: []string,
      recorded_digest: string,
      current_digest: ?string,
      directory_changed: ?bool,
      directory_changes: []string
    )

    # Recorded draws without their entities, oldest first, optionally of one period label or
    # rule; a page of at most limit (default 1000) after the cursor after. With more, every page.
    method ListDraws(period: ?string, rule: ?string, limit: ?int, after: ?string) -> (draws: []SampleDrawSummary, next: ?string, remaining: ?int)

    # One recorded draw with a page of its entities in draw order (limit: default 1000, at most
    # 10000; after: the next of the page before). With more, every page.
    method GetDraw(id: string, limit: ?int, after: ?string) -> (draw: SampleDraw, next: ?string, remaining: ?int)
    """
}
