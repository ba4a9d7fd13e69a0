import Foundation
import InspectControl

/// The language inspectctl speaks to people (issue 15): Chinese when the locale asks for it
/// (`LC_ALL`, else `LC_MESSAGES`, else `LANG` starting with `zh`, the default of a Chinese
/// installation), English otherwise. Only what people read is translated: table headings,
/// status words, summaries and error sentences. JSON output is an API and never changes; the
/// help's two languages are side by side in the commands (`Help`, HelpText.swift).
enum Language: Equatable {
    case english, chinese

    static let current: Language = detect(ProcessInfo.processInfo.environment)

    static func detect(_ environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.hasPrefix("zh") ? .chinese : .english
        }
        return .english
    }
}

/// The message catalog: every text inspectctl prints for people, in both languages, in one place.
/// `MessageCatalogTests` checks that every heading and summary the commands use has its Chinese,
/// and that the two versions of a sentence take the same values.
enum Messages {
    /// Table headings and `status` labels, English → Chinese.
    static let headings: [String: String] = [
        "#": "序号", "ACTIVE": "在用", "APPROVED": "批准日期", "AT": "时间", "ATTEMPTS": "尝试次数", "ATTRIBUTES": "属性",
        "AUTHORITY": "层级", "BY": "操作人", "CAUSES": "原因事件", "CONFLICTS (回避)": "回避", "COUNT": "数量", "DATE": "日期",
        "DAY": "日期", "DEAD SINCE": "放弃时间", "DEMAND": "要求", "DIGEST": "摘要", "DONE": "完成", "DRAW": "抽查",
        "DRAWN AT": "抽取时间", "DRAWN": "抽中", "DUE": "到期日", "EFFECTIVE": "生效日期", "ENTITIES": "单位", "ENTITY": "对象",
        "EXT": "延期", "FINDINGS": "检查发现", "GRADE": "等级", "HOOK": "通道", "ID": "编号", "INSPECTORS": "检查人员",
        "JURISDICTION": "辖区", "KEY": "键", "KIND": "类别", "LAST ERROR": "最近错误", "LEVEL": "等级", "METHOD": "方法",
        "NAME": "名称", "NOTE": "备注", "NOTICE": "通知", "OF": "总数", "OFFICE": "机关", "ON": "日期", "OUTCOME": "结果",
        "PERIOD": "期间", "PLANNED": "计划日期", "POINTS": "分值", "REASON": "理由", "RECORDED BY": "记录人", "ROLE": "角色",
        "RULE": "规则", "SCALE": "等级体系", "SEED": "种子", "SIGNAL": "信号", "SOURCE": "来源", "STARTED": "起算",
        "STATE": "状态", "STATUS": "状态", "SUBJECT": "事项", "SUPERVISOR": "主监管员", "TITLE": "标题", "TYPE": "类型",
        "USER": "用户", "WEIGHT": "权重", "WHO": "实施主体", "JURISDICTIONS": "辖区", "INACTIVE": "停用", "UNPLACED": "未安排", "KINDS": "对象类别", "PER DAY": "每日检查数",
        "FROM": "起", "TO": "止", "LATE": "逾期", "MONTH": "月份", "VISIT": "检查安排", "NEEDED": "所需人次", "CAPACITY": "可用人次", "SHORT": "缺口", "VISITS": "检查次数", "DAYS": "出勤天数", "OBLIGATIONS": "检查义务", "INSPECTOR": "检查人员", "WITHDRAWN": "已撤回", "days": "天数", "first": "首日", "holiday": "节假日",
        "last": "末日", "BEFORE": "原到期日", "AFTER": "新到期日", "MOVED": "变动", "CONFIRMED": "确定", "make-up working day (调休上班)": "调休上班", "weekday": "星期",
        // `inspectctl status`
        "Channel": "通知通道", "Configuration": "配置", "Daemon": "守护进程", "Entities": "监管对象", "Next due": "下一到期",
        "Notice run": "通知批次", "Notices": "通知", "Now": "当前时间", "Obligations": "检查义务", "Office": "机关",
        "Working on": "后台任务", "Holiday calendar": "节假日安排", "Daemon on platform": "平台上的守护进程", "Schema": "数据库结构",
        "Storage": "存储",
        // Field labels (`whoami`, `entity show`)
        "Login": "登录名", "Person": "人员", "Role": "角色", "Groups": "用户组", "Name": "名称", "Kind": "类别",
        "Jurisdiction": "辖区", "Approved": "批准日期", "Grade": "等级", "Supervisor": "主监管员", "Industry": "行业",
    ]

    /// Values people read in tables and details, English (as the JSON has them) → Chinese: notice
    /// kinds, audit outcomes, grade states, roles, yes/no, and the shared vocabulary of entity
    /// kinds, authorities and inspection kinds (RULES.md §9).
    static let words: [String: String] = [
        "reminder": "提醒", "rescheduled": "日期调整", "escalated": "升级", "ok": "成功", "refused": "拒绝", "failed": "失败",
        "current": "现行", "superseded": "已替代", "withdrawn": "已撤回", "admin": "管理员", "manager": "负责人",
        "supervisor": "主监管员", "reader": "只读", "yes": "是", "no": "否",
        "microloan": "小额贷款公司", "financing-guarantee": "融资性担保机构", "private-financing-service": "民间融资服务公司",
        "private-financing-registration": "民间融资登记服务机构", "employer": "用人单位", "special-hours-employer": "特殊工时企业",
        "social-insurance-fund-unit": "社会保险基金监督对象", "state-owned-enterprise": "区属国有企业", "hr-service-agency": "人力资源服务机构",
        "private-training-school": "民办职业培训机构", "labor-dispatch": "劳务派遣单位", "title-review-committee": "初级评审委员会",
        "statistical-survey-unit": "统计调查对象", "department": "执法部门",
        "province": "省级", "city": "市级", "county": "县级", "township": "乡镇级", "city+county": "市级+县级",
        "onsite": "现场检查", "onsite-inspection": "现场检查", "ad-hoc": "专项检查", "audit": "审计", "complaint": "投诉核查",
        "follow-up": "复查", "patrol": "巡查", "special": "专项", "filing": "报送", "rating": "评级", "annual-audit": "年度审计",
        "written-review": "书面审查", "annual-review": "年审", "meeting": "会议", "online-patrol": "网络巡查", "assessment": "评估",
        "information-report": "信息报送", "publication": "公示",
        // Lifecycle events (RULES.md, the events that start and meet deadlines)
        "audit.ended": "审计结束", "audit.result-sent": "送达审计结果", "case.closed": "结案", "case.closing-report": "报送结案报告",
        "case.filed": "立案", "case.found-elsewhere": "发现不属本机关管辖", "case.referred": "移送纪检监察机关", "case.supervised": "挂牌督办",
        "case.transferred": "移送", "case.extended": "延长办案期限", "rectification.follow-up": "整改复查", "rectification.ordered": "责令整改",
        "rectification.report-received": "收到整改报告", "rectification.extended": "延长整改期限", "rectification.verified": "整改验收",
        "case.extension-requested": "申请延长办案期限", "inspection.obstructed": "阻挠检查", "annual-review.concluded": "年审结论", "report.comments": "反馈意见",
        "report.delivered": "送达报告", "inspection.withdrawn": "撤回检查记录", "grade.assigned": "评定等级",
        "cadence": "频次", "cap": "上限", "sampling": "抽查", "procedure": "程序", "deadline": "期限", "the entity itself": "对象自身",
    ]

    /// Obligation and deadline states as people say them.
    static let statuses: [String: String] = [
        "pending": "待办", "due-soon": "即将到期", "due": "今日到期", "overdue": "逾期", "met": "已完成", "waived": "已豁免",
        "planned": "已安排", "missed": "未执行", "cancelled": "已取消",
        "running": "进行中", "due-today": "今日到期", "met-on-time": "按时完成", "met-late": "逾期完成", "lapsed": "已期满",
    ]

    /// Summaries and error sentences: English and Chinese templates; `{0}`, `{1}` … take the values.
    enum Phrase: String, CaseIterable {
        case more, cannotReach, lostConnection, noSuchEntity, noSuchRule, permissionDenied, configurationRefused, invalid, nothingDue,
             nothingOverdue, emptyDirectory, noInspections, noNotices, noDeadLetters, noAudit, noDraws, noEvents, noCases, noRectifications,
             inspectionRecorded, eventRecorded, imported, reloaded, requeued, planSummary, plannedLate, noObligationsInYear,
             inspectionWithdrawn, eventWithdrawn, inspectorAdded, conflictDeclared, inspectorChanged, leaveRecorded, leaveWithdrawn,
             proposalSummary, noLeave, visitsKept, visitsReplanned, visitsApplied, noVisits, visitMoved, visitCancelled,
             capacityFits, capacityShort, calendarPreview, calendarPreviewNothing, calendarYearMissing,
             // `calendar import`: where a notice's text is refused, and why
             noticeAt, noticeWhole, noticeUnreadable, noticeNotADate, noticeMalformedWeekday, noticeWrongWeekday, noticeWrongDayCount,
             noticeImplausibleRange, noticeNotNextToWeekend, noticeMakeupDespiteNone, noticeMakeupOnWeekday, noticeMakeupInHoliday,
             noticeMakeupTwice, noticeOverlap, noticeWrongYear, noticeYearsDisagree, noticeNoYear, noticeNoHolidayInItem, noticeNoItems,
             noticeAmending, noticeNoAmendment, noticeUnknownFestival, noticeWrongResumeDay, noticeWouldNotLoad, noticeWritten,
             noticeFileName,
             cannotCreate, cannotWrite, noSuchDirectory, notWritable, isADirectory, notADirectory, readOnlyFileSystem, noSpaceLeft,
             wroteWorkbook, wrotePage, exported, directoryGrade, noGradeAtAll, noGradeAssignments,
             // A write sent again after the daemon went away (`--request-id`), an import in parts cut off
             requestUnanswered, requestLost, requestResent, importLost, importProgress, importCommitting,
             noSuchInspection, stdinNotTwoFields, stdinNotADate, stdinNotAPeriod, provisionalNote, noArrangementForYear,
             daemonTodayNotADate

        var english: String {
            switch self {
            case .more: "… {0} more: {1} --after {2}   (or --all)"
            case .cannotReach: "cannot reach inspectd at {0}: {1} (is the daemon running? see --socket)"
            case .lostConnection: "lost the connection to inspectd at {0}: {1}"
            case .noSuchEntity: "no such entity: {0}"
            case .noSuchRule: "no such rule: {0}"
            case .permissionDenied: "permission denied: {0}"
            case .configurationRefused: "configuration refused, the daemon keeps the running one: {0}"
            case .invalid: "{0}: {1}"
            case .nothingDue: "Nothing due within {0} days of {1}."
            case .nothingOverdue: "Nothing is overdue on {0}."
            case .emptyDirectory: "The directory is empty."
            case .noInspections: "No inspections recorded."
            case .noNotices: "No notices sent."
            case .noDeadLetters: "No dead letters."
            case .noAudit: "No audit entries."
            case .noDraws: "No sample draws recorded."
            case .noEvents: "No events recorded."
            case .noCases: "No cases."
            case .noRectifications: "No rectification orders."
            case .inspectionRecorded: "Recorded inspection {0}: {1} {2} {3} ({4}) by {5}."
            case .eventRecorded: "Recorded event {0}: {1} {2} at {3} ({4})."
            case .imported: "Imported {0}: {1} added, {2} updated."
            case .reloaded: "Configuration reloaded: {0} rules, {1} supervisors."
            case .requeued: "{0} dead letter(s) put back in the queue."
            case .planSummary: "{0} obligations in {1} (today {2})"
            case .plannedLate: "; {0} planned after their legal due date (!)"
            case .noObligationsInYear: "No obligations in {0}."
            case .inspectionWithdrawn: "Inspection {0} withdrawn (event {1})."
            case .eventWithdrawn: "Event {0} withdrawn by event {1}."
            case .inspectorAdded: "Added inspector {0} {1}{2}."
            case .conflictDeclared: "Declared: {0} withdraws from {1} ({2})."
            case .inspectorChanged: "Changed inspector {0}: {1}."
            case .leaveRecorded: "Recorded leave {0}: {1} away from {2} to {3} ({4})."
            case .leaveWithdrawn: "Withdrew leave {0} of {1} ({2})."
            case .proposalSummary: "{0} visits proposed for {1} obligations; {2} obligations not placed."
            case .noLeave: "No leave recorded."
            case .visitsKept: "{0} visits applied before are kept (--apply --replan plans them again)."
            case .visitsReplanned: "{0} visits applied before were cancelled and planned again."
            case .visitsApplied: "Applied: {0} visits planned (inspectctl plan visits)."
            case .noVisits: "No planned visits."
            case .visitMoved: "Moved visit {0} of {1} to {2}{3}."
            case .visitCancelled: "Cancelled visit {0} of {1} on {2} ({3})."
            case .capacityFits: "{0} fits: every month's visits are within the inspectors' capacity."
            case .capacityShort: "{0} falls short (inspector-visits missing): {1}."
            case .calendarPreview: "{0} ({1}): {2} due dates would move, {3} would stay and stop being provisional. Nothing changes until the file is in the calendar directory and the daemon reloads."
            case .calendarPreviewNothing: "{0} ({1}): no open obligation or running deadline would change its due date."
            case .calendarYearMissing: "{0}'s holiday arrangement is not loaded: {1} due dates wait for it (provisional, counted on weekends only). Load the State Council's notice: inspectctl calendar import, calendar diff, then reload."
            case .noticeAt: "{0}:{1}: '{2}': {3}"
            case .noticeWhole: "{0}: {1}"
            case .noticeUnreadable: "cannot read this: it is not written as a holiday notice writes its items"
            case .noticeNotADate: "not a date"
            case .noticeMalformedWeekday: "not a weekday"
            case .noticeWrongWeekday: "{0} is a {1}, not a {2}"
            case .noticeWrongDayCount: "says {0} days, but the range has {1}"
            case .noticeImplausibleRange: "{0} … {1} is not a holiday (backwards, or longer than 31 days)"
            case .noticeNotNextToWeekend: "{0} … {1} is not next to a weekend (与周末连休)"
            case .noticeMakeupDespiteNone: "the item says 不调休 but names a make-up working day"
            case .noticeMakeupOnWeekday: "{0} is a {1}: a make-up working day (上班) is a Saturday or a Sunday"
            case .noticeMakeupInHoliday: "{0} is inside the holiday {1}"
            case .noticeMakeupTwice: "{0} is named twice as a make-up working day"
            case .noticeOverlap: "overlaps the holiday {0}"
            case .noticeWrongYear: "{0} is not in {1}"
            case .noticeYearsDisagree: "the title says {0}, the introduction {1}"
            case .noticeNoYear: "neither the title nor the introduction (现将YYYY年…) names the year"
            case .noticeNoHolidayInItem: "the item names no holiday (…放假)"
            case .noticeNoItems: "no arrangement items (一、元旦：…放假…) found: is this a holiday notice?"
            case .noticeAmending: "this notice amends a year's arrangement: apply it to that year's file with --amend YYYY.yaml"
            case .noticeNoAmendment: "no change found (expected 延长YYYY年…假期至…)"
            case .noticeUnknownFestival: "{0} is not a holiday of {1}"
            case .noticeWrongResumeDay: "{0} is not the day after the holiday ({1})"
            case .noticeWouldNotLoad: "the calendar file made from {0} would not load: {1}"
            case .noticeWritten: "Wrote {0}: {1} holidays, {2} make-up working days; compare it with the notice, then reload."
            case .noticeFileName: "note: the daemon reads this file only as {0}"
            case .cannotCreate: "cannot create {0}: {1}"
            case .cannotWrite: "cannot write {0}: {1}"
            case .noSuchDirectory: "no such directory"
            case .notWritable: "permission denied (the directory or file is not writable for you)"
            case .isADirectory: "it is a directory"
            case .notADirectory: "a part of the path is not a directory"
            case .readOnlyFileSystem: "the file system is read-only"
            case .noSpaceLeft: "no space left on the disk"
            case .wroteWorkbook: "Wrote the Excel workbook {0} ({1} sheets)."
            case .wrotePage: "Wrote the HTML page {0}."
            case .exported: "Wrote {0} to-dos to {1}."
            case .directoryGrade: "{0}: no grade assigned; the directory's grade {1} applies."
            case .noGradeAtAll: "{0}: no grade assigned, and the directory gives none."
            case .noGradeAssignments: "{0}: no grade assignments."
            case .requestUnanswered: "inspectd did not come back within {0}: request {1} may or may not be recorded; repeat the command with --request-id {1} to find out"
            case .requestLost: "lost the connection to inspectd at {0}: {1}; request {2} may or may not be recorded: repeat the command with --request-id {2} to find out"
            case .requestResent: "inspectd went away before answering ({0}); sending request {1} again"
            case .importLost: "lost the connection to inspectd at {0}: {1}; nothing was imported"
            case .importProgress: "{0}: {1} of {2} rows checked and staged ({3} %)"
            case .importCommitting: "{0}: {1} rows staged; committing…"
            case .noSuchInspection: "no inspection {0}"
            case .stdinNotTwoFields: "stdin:{0}: expected 'DATE PERIOD', got '{1}'"
            case .stdinNotADate: "stdin:{0}: '{1}' is not a date (expected YYYY-MM-DD)"
            case .stdinNotAPeriod: "stdin:{0}: '{1}' is not a period (expected e.g. 30d, 60wd, 2m, 1y, 24h)"
            case .provisionalNote: "note: provisional: {0}"
            case .noArrangementForYear: "no holiday arrangement loaded for {0} in {1} (loaded: {2}); dates in {0} count weekends only and are provisional"
            case .daemonTodayNotADate: "the daemon's today '{0}' is not a date"
            }
        }

        var chinese: String {
            switch self {
            case .more: "…… 另有 {0} 项：{1} --after {2}（或 --all）"
            case .cannotReach: "无法连接 {0} 上的 inspectd：{1}（守护进程是否在运行？参见 --socket）"
            case .lostConnection: "与 {0} 上的 inspectd 的连接中断：{1}"
            case .noSuchEntity: "没有该监管对象：{0}"
            case .noSuchRule: "没有该规则：{0}"
            case .permissionDenied: "无权操作：{0}"
            case .configurationRefused: "配置被拒绝，守护进程继续使用原配置：{0}"
            case .invalid: "参数错误（{0}）：{1}"
            case .nothingDue: "{1} 起 {0} 天内没有到期事项。"
            case .nothingOverdue: "{0} 没有逾期事项。"
            case .emptyDirectory: "名录库为空。"
            case .noInspections: "尚无检查记录。"
            case .noNotices: "尚未发送通知。"
            case .noDeadLetters: "没有投递失败的通知。"
            case .noAudit: "没有审计记录。"
            case .noDraws: "尚无抽查记录。"
            case .noEvents: "尚无事件记录。"
            case .noCases: "没有案件。"
            case .noRectifications: "没有整改通知。"
            case .inspectionRecorded: "已记录检查 {0}：{1} {2} {3}（{4}），检查人员 {5}。"
            case .eventRecorded: "已记录事件 {0}：{1} {2}，时间 {3}（{4}）。"
            case .imported: "已导入 {0}：新增 {1}，更新 {2}。"
            case .reloaded: "配置已重新加载：规则 {0} 条，主监管员 {1} 人。"
            case .requeued: "{0} 条投递失败的通知已重新排队。"
            case .planSummary: "{1} 年检查义务 {0} 项（今日 {2}）"
            case .plannedLate: "；其中 {0} 项计划日期晚于法定期限（!）"
            case .noObligationsInYear: "{0} 年没有检查义务。"
            case .inspectionWithdrawn: "检查 {0} 已撤回（事件 {1}）。"
            case .eventWithdrawn: "事件 {0} 已由事件 {1} 撤回。"
            case .inspectorAdded: "已添加检查人员 {0} {1}{2}。"
            case .conflictDeclared: "已登记回避：{0} 回避 {1}（{2}）。"
            case .inspectorChanged: "已修改检查人员 {0}：{1}。"
            case .leaveRecorded: "已登记请假 {0}：{1} 自 {2} 至 {3} 不在岗（{4}）。"
            case .leaveWithdrawn: "已撤回请假 {0}（{1}，{2}）。"
            case .proposalSummary: "建议检查 {0} 次，覆盖检查义务 {1} 项；未能安排 {2} 项。"
            case .noLeave: "没有请假记录。"
            case .visitsKept: "此前已安排的 {0} 次检查保持不变（--apply --replan 可重新安排）。"
            case .visitsReplanned: "此前已安排的 {0} 次检查已取消并重新安排。"
            case .visitsApplied: "已采用：安排检查 {0} 次（inspectctl plan visits）。"
            case .noVisits: "没有已安排的检查。"
            case .visitMoved: "已将检查 {0}（{1}）改至 {2}{3}。"
            case .visitCancelled: "已取消检查 {0}（{1}，{2}）：{3}。"
            case .capacityFits: "{0} 年可以完成：各月所需检查均在检查人员能力之内。"
            case .capacityShort: "{0} 年检查力量不足（缺少人次）：{1}。"
            case .calendarPreview: "{0}（{1}）：{2} 个到期日将变动，{3} 个到期日不变、不再是暂定。文件放入日历目录并重新加载配置后才生效。"
            case .calendarPreviewNothing: "{0}（{1}）：没有未完成的检查义务或进行中的期限会改变到期日。"
            case .calendarYearMissing: "{0} 年节假日安排尚未加载：{1} 个到期日有待该年安排（暂定，仅按周末计算）。请导入国务院办公厅通知：inspectctl calendar import，calendar diff 核对，然后重新加载。"
            case .noticeAt: "{0} 第{1}行：“{2}”：{3}"
            case .noticeWhole: "通知 {0}：{1}"
            case .noticeUnreadable: "无法识别：不是节假日通知各项的写法"
            case .noticeNotADate: "不是有效日期"
            case .noticeMalformedWeekday: "不是有效的星期"
            case .noticeWrongWeekday: "{0} 是{1}，不是{2}"
            case .noticeWrongDayCount: "写明共{0}天，但日期范围是{1}天"
            case .noticeImplausibleRange: "{0} 至 {1} 不是有效的假期（起止倒置或超过31天）"
            case .noticeNotNextToWeekend: "{0} 至 {1} 前后都不是周末，不能“与周末连休”"
            case .noticeMakeupDespiteNone: "该项写明不调休，却列有调休上班日"
            case .noticeMakeupOnWeekday: "{0} 是{1}：调休上班日只能是星期六或星期日"
            case .noticeMakeupInHoliday: "{0} 在{1}假期之内"
            case .noticeMakeupTwice: "{0} 重复列为调休上班日"
            case .noticeOverlap: "与{0}假期重叠"
            case .noticeWrongYear: "{0} 不在{1}年内"
            case .noticeYearsDisagree: "标题为{0}年，正文为{1}年"
            case .noticeNoYear: "标题和正文（现将YYYY年……）都没有写明年份"
            case .noticeNoHolidayInItem: "该项没有放假安排（……放假）"
            case .noticeNoItems: "没有找到放假安排（一、元旦：……放假……）：这是节假日安排通知吗？"
            case .noticeAmending: "这是调整已有安排的通知：请用 --amend YYYY.yaml 应用到该年的日历文件"
            case .noticeNoAmendment: "没有找到调整内容（应为“延长YYYY年……假期至……”）"
            case .noticeUnknownFestival: "{1} 中没有{0}假期"
            case .noticeWrongResumeDay: "{0} 不是假期结束后的第一天（应为{1}）"
            case .noticeWouldNotLoad: "由 {0} 生成的日历文件无法加载：{1}"
            case .noticeWritten: "已写入 {0}：假期 {1} 个，调休上班日 {2} 天；请与通知原文核对，然后重新加载。"
            case .noticeFileName: "注意：守护进程只按文件名 {0} 读取该文件"
            case .cannotCreate: "无法创建 {0}：{1}"
            case .cannotWrite: "无法写入 {0}：{1}"
            case .noSuchDirectory: "目录不存在"
            case .notWritable: "没有写入权限（该目录或文件不允许你写入）"
            case .isADirectory: "这是一个目录"
            case .notADirectory: "路径中有一部分不是目录"
            case .readOnlyFileSystem: "文件系统为只读"
            case .noSpaceLeft: "磁盘空间不足"
            case .wroteWorkbook: "已写入 Excel 工作簿 {0}（{1} 个工作表）。"
            case .wrotePage: "已写入 HTML 页面 {0}。"
            case .exported: "已将 {0} 项待办写入 {1}。"
            case .directoryGrade: "{0}：未评定等级，适用名录中的等级 {1}。"
            case .noGradeAtAll: "{0}：未评定等级，名录中也没有等级。"
            case .noGradeAssignments: "{0}：没有等级评定记录。"
            case .requestUnanswered: "inspectd 在 {0} 内没有恢复：请求 {1} 可能已记录，也可能没有；请加 --request-id {1} 重新执行该命令以确认"
            case .requestLost: "与 {0} 上的 inspectd 的连接中断：{1}；请求 {2} 可能已记录，也可能没有：请加 --request-id {2} 重新执行该命令以确认"
            case .requestResent: "inspectd 未答复就中断了（{0}）；正在重新发送请求 {1}"
            case .importLost: "与 {0} 上的 inspectd 的连接中断：{1}；未导入任何内容"
            case .importProgress: "{0}：已检查并暂存 {1}/{2} 行（{3}%）"
            case .importCommitting: "{0}：已暂存 {1} 行，正在提交……"
            case .noSuchInspection: "没有编号为 {0} 的检查记录"
            case .stdinNotTwoFields: "标准输入第 {0} 行：应为“日期 期限”，实为“{1}”"
            case .stdinNotADate: "标准输入第 {0} 行：“{1}”不是日期（应为 YYYY-MM-DD）"
            case .stdinNotAPeriod: "标准输入第 {0} 行：“{1}”不是期限（应如 30d、60wd、2m、1y、24h）"
            case .provisionalNote: "注意：暂定：{0}"
            case .noArrangementForYear: "{1} 中没有加载 {0} 年的节假日安排（已加载：{2}）；{0} 年的日期仅按周末计算，为暂定"
            case .daemonTodayNotADate: "守护进程给出的今日“{0}”不是日期"
            }
        }

        func text(_ values: [String] = [], in language: Language = Language.current) -> String {
            var t = language == .chinese ? chinese : english
            for (i, v) in values.enumerated() { t = t.replacingOccurrences(of: "{\(i)}", with: v) }
            return t
        }
    }

    static func heading(_ english: String, in language: Language = Language.current) -> String {
        language == .chinese ? headings[english] ?? english : english
    }

    /// A status word: the raw value in English (as the JSON has it), the Chinese word otherwise.
    static func status(_ raw: String, in language: Language = Language.current) -> String {
        language == .chinese ? statuses[raw] ?? raw : raw
    }

    static func say(_ phrase: Phrase, _ values: String...) -> String { phrase.text(values) }

    /// A value people read (a kind, an outcome, a role): Chinese under a Chinese locale when the
    /// catalog has it, as it is otherwise (English keeps the word the JSON has).
    static func word(_ raw: String, in language: Language = Language.current) -> String {
        language == .chinese ? words[raw] ?? statuses[raw] ?? raw : raw
    }

    /// A refusal in Chinese from its code, its values that are words of the shared vocabulary
    /// (an event kind, an entity kind; "a or b" word by word) in Chinese too; nil without a known code.
    static func chineseReason(_ p: Control.InvalidArgument) -> String? {
        guard let code = p.code, let c = ControlReason.Code(rawValue: code) else { return nil }
        let values = (p.values ?? []).map { v in v.components(separatedBy: " or ").map { word($0, in: .chinese) }.joined(separator: " or ") }
        return ControlReason(code: c, values: values).chinese
    }

    /// `label: value` lines with the labels right-aligned, each label in the caller's language.
    static func fields(_ rows: [(String, String)]) -> String {
        let labelled = rows.map { (heading($0.0), $0.1) }
        let width = labelled.map { DisplayWidth.of($0.0) }.max() ?? 0
        return labelled.map { String(repeating: " ", count: width - DisplayWidth.of($0.0)) + $0.0 + ": " + $0.1 }.joined(separator: "\n")
    }

    /// Who may make a call (`PermissionDenied`'s `needed`, as the access rules word it) in Chinese:
    /// "an admin", "a manager of 兰山区金融办 or an admin", "the entity's supervisor S01 张伟, a
    /// supervisor named among the inspectors, a manager of X or an admin".
    static func neededRole(_ needed: String) -> String {
        var parts: [String] = []
        for raw in needed.replacingOccurrences(of: " or ", with: ", ").split(separator: ",") {
            let p = raw.trimmingCharacters(in: .whitespaces)
            if p == "an admin" || p == "admin" { parts.append("管理员") }
            else if p == "a manager of its office" { parts.append("该对象所属机关的负责人") }
            else if p == "a manager" { parts.append("负责人") }
            else if p.hasPrefix("a manager of ") { parts.append("\(p.dropFirst("a manager of ".count))的负责人") }
            else if p == "a supervisor" { parts.append("主监管员") }
            else if p == "a supervisor named among the inspectors" { parts.append("列为检查人员的主监管员") }
            else if p.hasPrefix("the entity's supervisor") { parts.append("该对象的主监管员" + p.dropFirst("the entity's supervisor".count)) }
            else { parts.append(p) }
        }
        return parts.joined(separator: "、")
    }

    /// English or Chinese, by the caller's locale: for a detail line whose words are its own.
    static func pick(_ english: String, _ chinese: String) -> String { Language.current == .chinese ? chinese : english }

    /// The stage of the last notice (`reminder-5wd`, `due`, `overdue`, `overdue-r2`): its kind in
    /// Chinese (提醒 5wd, 今日到期, 逾期 r2), as it is otherwise.
    static func noticeStage(_ stage: String, in language: Language = Language.current) -> String {
        guard language == .chinese else { return stage }
        for (kind, word) in [("reminder", "提醒"), ("overdue", "逾期"), ("due", "今日到期"), ("rescheduled", "日期调整"), ("escalated", "升级")]
            where stage == kind || stage.hasPrefix(kind + "-") {
            let rest = stage.dropFirst(kind.count).drop { $0 == "-" }
            return rest.isEmpty ? word : "\(word) \(rest)"
        }
        return stage
    }

    /// A fixed sentence given in English (a list's "No … recorded."): its Chinese when there is one.
    static func sentence(_ english: String, in language: Language = Language.current) -> String {
        guard language == .chinese, let p = Phrase.allCases.first(where: { $0.english == english }) else { return english }
        return p.chinese
    }
}
