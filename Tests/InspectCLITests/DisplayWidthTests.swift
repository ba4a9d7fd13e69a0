@testable import InspectCLI
import Testing

@Suite struct DisplayWidthTests {
    @Test func chineseIsDoubleWidthAndMarksAreZero() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("汇通") == 4)
        #expect(DisplayWidth.of("（演示）") == 8)   // fullwidth parentheses
        #expect(DisplayWidth.of("e\u{301}") == 1)  // combining acute accent
        #expect(DisplayWidth.of("V(1)") == 4)
    }

    /// The fast paths (ASCII text, CJK ideographs, Hangul, fullwidth forms) give the widths of the
    /// general rule, for every scalar of the first four planes.
    @Test func fastPathsAgreeWithTheGeneralRule() {
        for v in UInt32(0)...0x3FFFF {
            guard let s = Unicode.Scalar(v) else { continue }
            #expect(DisplayWidth.of(s) == DisplayWidth.general(s), "U+\(String(v, radix: 16))")
            if v < 0x80 { #expect(DisplayWidth.of(String(s)) == DisplayWidth.general(s)) }
        }
        #expect(DisplayWidth.of("C01 2026-11 E10010\t\u{7F}") == 18)
    }

    @Test func tableColumnsAlignByDisplayWidth() {
        var t = TextTable(["ID", "NAME", "DUE"])
        t.add(["A1", "临沂市兰山区汇通民间融资服务有限公司", "2026-03-31"])
        t.add(["B22", "Acme", "2026-04-30"])
        let lines = t.render().split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        // The DUE column starts at the same display column on every line.
        let starts = lines.map { line -> Int in
            let prefix = line.components(separatedBy: "2026-")[0]
            return DisplayWidth.of(prefix)
        }
        #expect(starts[1] == starts[2])
        #expect(DisplayWidth.of(lines[0].components(separatedBy: "DUE")[0]) == starts[1])
    }
}
