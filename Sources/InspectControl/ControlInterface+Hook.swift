import InspectCore

extension ControlInterface {
    /// The command hook sinks (`notices.hook`, `notices.hooks`): notices they gave up on.
    static let hookDescription = """
    # A notice a command hook (notices.hooks.NAME; "default" for notices.hook) failed to deliver on
    # every attempt (a dead letter).
    type DeadLetter (
      hook: string,
      key: string,
      kind: string,
      entity: string,
      entity_name: string,
      rule: string,
      due: string,
      supervisor: ?string,
      attempts: int,
      last_error: ?string,
      dead_at: string
    )

    # Dead letters of every command hook, oldest first.
    method ListDeadLetters() -> (dead_letters: []DeadLetter)
    """
}

extension Control {
    public enum HookMethod: String, CaseIterable {
        case listDeadLetters = "ListDeadLetters"
        public var qualified: String { "\(ControlInterface.name).\(rawValue)" }
    }

    public struct DeadLetter: Codable, Equatable, Sendable {
        /// The hook that gave up (`sms`, `oa`, `default`).
        public var hook: String
        public var key: String
        public var kind: String
        public var entity: String
        public var entityName: String
        public var rule: String
        public var due: String
        public var supervisor: String?
        public var attempts: Int
        public var lastError: String?
        /// When it was dead-lettered: ISO 8601 with the office's offset.
        public var deadAt: String
        enum CodingKeys: String, CodingKey {
            case hook, key, kind, entity, rule, due, supervisor, attempts
            case entityName = "entity_name", lastError = "last_error", deadAt = "dead_at"
        }

        public init(_ n: InspectCore.Notice, hook: String, attempts: Int, lastError: String?, deadAt: String) {
            self.hook = hook; key = n.key; kind = n.kind.rawValue; entity = n.entityID; entityName = n.entityName; rule = n.ruleID
            due = n.due.iso; supervisor = n.supervisor; self.attempts = attempts; self.lastError = lastError; self.deadAt = deadAt
        }
    }

    public struct DeadLetterList: Codable, Equatable, Sendable {
        public var deadLetters: [DeadLetter]
        enum CodingKeys: String, CodingKey { case deadLetters = "dead_letters" }
        public init(deadLetters: [DeadLetter]) { self.deadLetters = deadLetters }
    }
}
