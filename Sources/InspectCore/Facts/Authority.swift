/// The level of government that must act (RULES.md §9 `authority`).
public enum Authority: String, Sendable, Codable, CaseIterable {
    case province
    case city
    case county     // 县/区
    case township   // 乡镇/街道
}
