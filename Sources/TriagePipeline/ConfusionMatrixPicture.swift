import TriageModel

/// Draws a confusion matrix as a standalone SVG picture that any browser opens.
///
/// MULTI_CLASS: a grid of actual (rows) against predicted (columns) labels; each cell shows its
/// count and is shaded by the share of its row, so the diagonal stands out whatever the class
/// sizes. MULTI_LABEL: a row per label with its true positives, false negatives, false positives
/// and true negatives, shaded the same way.
enum ConfusionMatrixPicture {
    static let cell = 34
    static let characterWidth = 7

    /// The SVG document for `confusion` (the `title` goes on top).
    static func svg(_ confusion: ConfusionMatrix, title: String) -> String {
        let rows: [[Int]]
        let rowNames = confusion.labels
        let columnNames: [String]
        switch confusion.matrix {
        case let .counts(counts):
            rows = counts
            columnNames = confusion.labels
        case let .perLabel(blocks):
            // [[tn, fp], [fn, tp]] -> tp, fn, fp, tn
            rows = blocks.map { [$0[1][1], $0[1][0], $0[0][1], $0[0][0]] }
            columnNames = ["true positive", "false negative", "false positive", "true negative"]
        }
        let left = 16 + characterWidth * (rowNames.map(\.count).max() ?? 0)
        let top = 56 + characterWidth * (columnNames.map(\.count).max() ?? 0)
        let width = left + cell * columnNames.count + 16
        let height = top + cell * rowNames.count + 40
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" \
            font-family="sans-serif" font-size="12">
            <rect width="100%" height="100%" fill="white"/>
            <text x="8" y="20" font-size="14" font-weight="bold">\(escape(title))</text>
            <text x="\(left)" y="38" fill="#555">predicted →</text>
            <text x="8" y="\(top - 6)" fill="#555">actual ↓</text>

            """
        for (j, name) in columnNames.enumerated() {
            let x = left + j * cell + cell / 2 + 4
            out += "<text x=\"\(x)\" y=\"\(top - 6)\" transform=\"rotate(-60 \(x) \(top - 6))\">\(escape(name))</text>\n"
        }
        for (i, name) in rowNames.enumerated() {
            let y = top + i * cell
            out += "<text x=\"\(left - 6)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\">\(escape(name))</text>\n"
            let total = max(1, rows[i].reduce(0, +))
            for (j, count) in rows[i].enumerated() {
                let share = Double(count) / Double(total)
                // White to dark blue; text turns white on dark cells.
                let shade = Int((1 - share) * 255)
                let fill = "rgb(\(shade),\(min(255, shade + 40)),255)"
                let x = left + j * cell
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell)\" height=\"\(cell)\" fill=\"\(fill)\" stroke=\"#ccc\"/>"
                out += "<text x=\"\(x + cell / 2)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"middle\" "
                out += "fill=\"\(share > 0.5 ? "white" : "black")\">\(count)</text>\n"
            }
        }
        out += "<text x=\"8\" y=\"\(height - 12)\" fill=\"#555\">Shade: share of the row's documents.</text>\n</svg>\n"
        return out
    }

    /// `text` with XML's special characters escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
