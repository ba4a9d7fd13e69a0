/// `plan verify`'s lines in the caller's language. The daemon sends them as English lines of
/// fixed forms (`VerifyDrawReply.differences` and `directoryChanges`): what differs between the
/// recorded draw and its re-run ("size: recorded 5, re-run 6"), and how today's directory differs
/// from the recorded population ("+ LS-ML-009 (now eligible)"). Under a Chinese locale each form
/// is said in Chinese with its values; a line of another form stays as the daemon wrote it.
enum DrawVerificationText {
    /// A difference between the recorded result and the re-run.
    static func difference(_ line: String, in language: Language = Language.current) -> String {
        guard language == .chinese else { return line }
        if let failure = line.dropPrefix("re-running the draw failed: ") { return "重新抽取失败：\(failure)" }
        if let rest = line.dropPrefix("population digest: recorded "), let comma = rest.range(of: ", recorded population hashes to ") {
            return "总体摘要：记录为 \(rest[..<comma.lowerBound])，按记录的总体计算为 \(rest[comma.upperBound...])"
        }
        let labels: [(String, String)] = [("size", "抽取数"), ("population size", "总体数量"), ("population digest", "总体摘要"),
                                          ("industries", "行业"), ("entities", "抽中对象")]
        for (english, chinese) in labels {
            if let rest = line.dropPrefix(english + ": recorded "), let (recorded, rerun) = split(rest) {
                return "\(chinese)：记录为 \(recorded)，重抽为 \(rerun)"
            }
        }
        if let rest = line.dropPrefix("inspectors of "), let colon = rest.range(of: ": recorded "), let (recorded, rerun) = split(rest[colon.upperBound...]) {
            return "\(rest[..<colon.lowerBound]) 的检查人员：记录为 \(recorded)，重抽为 \(rerun)"
        }
        return line
    }

    /// A change of today's directory against the recorded population.
    static func change(_ line: String, in language: Language = Language.current) -> String {
        guard language == .chinese else { return line }
        if line.hasPrefix("+ "), line.hasSuffix(" (now eligible)") { return "+ \(line.dropFirst(2).dropLast(" (now eligible)".count))（现在属于抽查范围）" }
        if line.hasPrefix("- "), line.hasSuffix(" (no longer eligible)") { return "- \(line.dropFirst(2).dropLast(" (no longer eligible)".count))（不再属于抽查范围）" }
        if line.hasPrefix("~ "), let grade = line.range(of: " grade "), let industry = line.range(of: ", industry ") {
            return "~ \(line[line.index(line.startIndex, offsetBy: 2)..<grade.lowerBound]) 等级 \(line[grade.upperBound..<industry.lowerBound])，行业 \(line[industry.upperBound...])"
        }
        return line
    }

    /// "X, re-run Y" or "X; re-run Y" (lists are joined with commas).
    private static func split(_ text: Substring) -> (Substring, Substring)? {
        guard let r = text.range(of: "; re-run ") ?? text.range(of: ", re-run ") else { return nil }
        return (text[..<r.lowerBound], text[r.upperBound...])
    }
}

private extension String {
    func dropPrefix(_ prefix: String) -> Substring? { hasPrefix(prefix) ? dropFirst(prefix.count) : nil }
}
