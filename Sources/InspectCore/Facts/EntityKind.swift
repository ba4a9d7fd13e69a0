/// The shared vocabulary of supervised entity kinds (RULES.md §9). Config, the CSV directory and
/// the control interface use these ids so that data from different offices lines up.
public enum EntityKind {
    /// Every known kind id with its Chinese term.
    public static let known: [String: String] = [
        "microloan": "小额贷款公司",
        "financing-guarantee": "融资性担保机构",
        "private-financing-service": "民间融资服务公司",
        "private-financing-registration": "民间融资登记服务机构",
        "employer": "用人单位",
        "special-hours-employer": "不定时/综合计算工时企业",
        "social-insurance-fund-unit": "社会保险基金监督对象",
        "state-owned-enterprise": "区属国有企业",
        "hr-service-agency": "人力资源服务机构",
        "private-training-school": "民办职业培训机构",
        "labor-dispatch": "劳务派遣单位",
        "title-review-committee": "初级评审委员会",
        "statistical-survey-unit": "统计调查对象",
        "department": "执法部门",
    ]

    public static func isKnown(_ id: String) -> Bool { known[id] != nil }
}
