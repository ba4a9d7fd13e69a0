import Foundation
import InspectControl

/// The REASON of an audit entry in the caller's language. The trail is append-only and keeps
/// what the daemon wrote at the time, in English: for a refused call the access policy's sentence
/// ("RecordInspection for LS-PFS-001 (supervisor S01, 兰山区金融办) needs the entity's supervisor
/// S01 张伟, …, or an admin; alice is reader"), for a failed one the name of the interface's error
/// (`io.inspectd.Control.InvalidArgument`), a refused argument with its field and sentence after
/// it (`…InvalidArgument: id: 'I 9' is not a valid inspector id …`), a missing entity with its id.
/// Under a Chinese locale they are said from their fixed forms — a refused argument's sentence
/// read back into its code and values (`ControlReason`) — access refusals recorded before
/// included; anything else (a failure recorded before these forms, as Swift printed it) stays
/// as it was recorded.
enum AuditReasonText {
    static func text(_ reason: String, in language: Language = Language.current) -> String {
        guard language == .chinese else { return reason }
        if reason.hasPrefix(ControlInterface.name + ".") {
            let qualified = reason.prefix { $0 != ":" }
            guard let name = qualified.split(separator: ".").last, let words = errorWords[String(name)] else { return reason }
            let detail = reason.dropFirst(qualified.count).drop { $0 == ":" || $0 == " " }
            if detail.isEmpty { return words }
            if name == ControlInterface.ErrorName.invalidArgument.rawValue, let colon = detail.range(of: ": ") {
                let field = String(detail[..<colon.lowerBound]), sentence = String(detail[colon.upperBound...])
                return "\(words)（\(FieldLabels.label(field))）：" + (chineseSentence(field: field, sentence) ?? sentence)
            }
            return "\(words)：\(detail)"
        }
        if reason.hasSuffix(" is not a method of the interface") {
            return "\(reason.dropLast(" is not a method of the interface".count)) 不是控制接口的方法"
        }
        // "METHOD[ for ENTITY (…)] needs WHO; NAME is ROLE[ (PERSON)]"
        guard let needs = reason.range(of: " needs "), let semicolon = reason.range(of: "; ", options: .backwards),
              needs.upperBound < semicolon.lowerBound, let isRole = reason.range(of: " is ", range: semicolon.upperBound..<reason.endIndex)
        else { return reason }
        let who = String(reason[needs.upperBound..<semicolon.lowerBound])
        let name = reason[semicolon.upperBound..<isRole.lowerBound]
        let rest = reason[isRole.upperBound...]
        let role = rest.prefix { $0 != " " }
        let person = rest.dropFirst(role.count).trimmingCharacters(in: .whitespaces)
        let personText = person.isEmpty ? "" : person.replacingOccurrences(of: "(", with: "（").replacingOccurrences(of: ")", with: "）")
            .replacingOccurrences(of: ", ", with: "，")
        return "需要\(Messages.neededRole(who))；\(name) 的角色：\(Messages.word(String(role)))\(personText)"
    }

    /// A refusal's English sentence read back into its code and values, in Chinese; nil when no
    /// code's template reads it (a sentence of its own).
    static func chineseSentence(field: String, _ sentence: String) -> String? {
        guard let reason = ControlReason.read(english: sentence) else { return nil }
        return Messages.chineseReason(Control.InvalidArgument(field: field, reason: sentence, code: reason.code.rawValue, values: reason.values))
    }

    /// The interface's errors as a failed call's reason.
    static let errorWords: [String: String] = Dictionary(uniqueKeysWithValues: [
        (ControlInterface.ErrorName.noSuchEntity, "没有该监管对象"), (.invalidArgument, "参数错误"), (.invalidData, "数据有误"),
        (.configInvalid, "配置无效"), (.noSuchRule, "没有该规则"), (.limitReached, "已达上限"), (.storageFailed, "存储出错"),
        (.permissionDenied, "无权操作"),
    ].map { ($0.0.rawValue, $0.1) })
}
