/// The name of a refused argument as a Chinese reader knows it. The daemon names the field of its
/// request (`year`, `attributes.deadline`); an office reads 年度, 期限. A field not in the list is
/// shown as the option to type (`--visits-per-day`), which the reader can still find in `--help`.
enum FieldLabels {
    static let chinese: [String: String] = [
        "advance_notice": "提前通知", "after": "游标", "approval": "批准文号", "at": "时间", "authority": "层级",
        "accepted": "验收结论", "by": "延长期限", "corrects": "更正的记录", "csv": "CSV 文件", "date": "日期",
        "deadline": "期限", "effective": "生效日期", "entity": "监管对象", "exception": "例外", "file": "文件",
        "file_name": "文件名", "first_line": "首行", "from": "起始日期", "hook": "通知通道", "id": "编号", "import": "导入",
        "inspector": "检查人员", "inspectors": "检查人员", "jurisdictions": "辖区", "key": "检查义务", "keys": "检查义务",
        "kind": "类别", "kinds": "对象类别", "level": "等级", "limit": "条数", "name": "名称", "office": "机关",
        "period": "期间", "planned": "计划日期", "reason": "理由", "request_id": "请求编号", "rule": "规则",
        "scale": "等级体系", "seed": "种子", "since": "起始时间", "state": "状态", "status": "状态", "subject": "事项编号",
        "supervisor": "主监管员", "to": "截止日期", "visits_per_day": "每日检查数", "waive_reason": "免检理由",
        "within_days": "天数", "year": "年度", "yaml": "配置文本",
    ]

    /// `field` in the caller's language: as the daemon names it in English, a label in Chinese.
    static func label(_ field: String, in language: Language = Language.current) -> String {
        guard language == .chinese else { return field }
        // An event's attribute (`attributes.deadline`) is named by the attribute.
        let name = field.hasPrefix("attributes.") ? String(field.dropFirst("attributes.".count)) : field
        return chinese[name] ?? "--" + name.replacingOccurrences(of: "_", with: "-")
    }
}
