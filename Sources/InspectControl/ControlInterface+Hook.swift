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

    # Dead letters of every command hook, oldest first, in pages like ListObligations (`limit`,
    # `after`, `next`, `remaining`; every page in turn with `more`).
    method ListDeadLetters(limit: ?int, after: ?string) -> (dead_letters: []DeadLetter, next: ?string, remaining: ?int)

    # Puts dead letters back in their hook's queue after the cause was fixed: the given keys, or
    # with `all` every one; optionally of one hook. They are tried again at once, their retries
    # counted afresh. Returns how many.
    method RetryDeadLetters(keys: ?[]string, all: ?bool, hook: ?string) -> (requeued: int)

    # Per command hook (channel): notices waiting for a first attempt, being retried, accepted, dead.
    # type: command, email, wecom, dingtalk, feishu or webhook, and digest: daily or each, for a
    # configured channel (none for the queue of a channel no longer configured).
    # accepted_messages, dead_messages: the messages those notices went out (or died) in — a
    # digest counts once, however many notices it carries; a notice sent alone once.
    type ChannelCounts (hook: string, waiting: int, retrying: int, accepted: int, dead: int, type: ?string, digest: ?string,
                        accepted_messages: ?int, dead_messages: ?int)
    """
}

extension Control {
    public enum HookMethod: String, CaseIterable, Sendable {
        case listDeadLetters = "ListDeadLetters"
        case retryDeadLetters = "RetryDeadLetters"
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

    public struct ListDeadLettersRequest: Codable, Sendable {
        public var limit: Int?
        public var after: String?
        public init(limit: Int? = nil, after: String? = nil) { self.limit = limit; self.after = after }
    }

    public struct DeadLetterList: Codable, Equatable, Sendable {
        public var deadLetters: [DeadLetter]
        public var next: String?
        public var remaining: Int?
        enum CodingKeys: String, CodingKey { case deadLetters = "dead_letters", next, remaining }
        public init(deadLetters: [DeadLetter], next: String? = nil, remaining: Int? = nil) {
            self.deadLetters = deadLetters; self.next = next; self.remaining = remaining
        }
    }

    public struct RetryDeadLettersRequest: Codable, Sendable {
        public var keys: [String]?
        public var all: Bool?
        public var hook: String?
        public init(keys: [String]? = nil, all: Bool? = nil, hook: String? = nil) { self.keys = keys; self.all = all; self.hook = hook }
    }

    public struct RetryDeadLettersResult: Codable, Sendable {
        public var requeued: Int
        public init(requeued: Int) { self.requeued = requeued }
    }

    public struct ChannelCounts: Codable, Equatable, Sendable {
        public var hook: String
        public var waiting: Int
        public var retrying: Int
        public var accepted: Int
        public var dead: Int
        /// The channel's `type:` and digest mode, when it is configured.
        public var type: String?
        public var digest: String?
        /// The messages the accepted and the dead notices went in: a digest once (nil from a
        /// daemon older than issue 26).
        public var acceptedMessages: Int?
        public var deadMessages: Int?

        enum CodingKeys: String, CodingKey {
            case hook, waiting, retrying, accepted, dead, type, digest
            case acceptedMessages = "accepted_messages", deadMessages = "dead_messages"
        }

        public init(hook: String, waiting: Int, retrying: Int, accepted: Int, dead: Int, type: String? = nil, digest: String? = nil,
                    acceptedMessages: Int? = nil, deadMessages: Int? = nil) {
            self.hook = hook; self.waiting = waiting; self.retrying = retrying; self.accepted = accepted; self.dead = dead
            self.type = type; self.digest = digest; self.acceptedMessages = acceptedMessages; self.deadMessages = deadMessages
        }
    }
}
