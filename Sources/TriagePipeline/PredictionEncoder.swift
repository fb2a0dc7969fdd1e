import TriageCore

/// Encodes predictions as Comprehend's `predictions.jsonl` records, byte for byte.
///
/// `{"File": "a.txt", "Line": "0", "Classes": [{"Name": "spam", "Score": 0.9999}]}`: keys in that
/// order, `", "` and `": "` separators as Comprehend writes them, `Line` a string and only for
/// ONE_DOC_PER_LINE, `Labels` instead of `Classes` for multi-label, and `ErrorCode` /
/// `ErrorMessage` instead of scores for a document that could not be classified.
///
/// A native document's record (PDF, Word, image) covers one page, as Comprehend's asynchronous
/// jobs write them, and adds Comprehend's fields for it:
/// `"DocumentMetadata": {"PageNumber": 1, "Pages": 2, "ExtractedCharacters": [{"Page": 1, "Count": 812}]},
/// "DocumentType": [{"Page": 1, "Type": "NATIVE_PDF"}]`, and `"Errors": [{"Page": 1, "ErrorCode": …,
/// "ErrorMessage": …}]` when the page has one. Under `--split-pages` a record covers a run of pages:
/// `"PageRange": {"First": 1, "Last": 2}` follows `File`, and `DocumentMetadata` has `Pages` and
/// one `ExtractedCharacters` entry per page (ClassifyDocument's shape), as `DocumentType` has.
public enum PredictionEncoder {
    /// The record for `prediction`, followed by a newline, appended to `output`.
    public static func appendLine(_ prediction: Prediction, to output: inout [UInt8]) {
        output.append(contentsOf: #"{"File": "#.utf8)
        appendString(prediction.file, to: &output)
        if let span = prediction.pages, span.isRange, let first = span.pages.first, let last = span.pages.last {
            output.append(contentsOf: #", "PageRange": {"First": "#.utf8)
            appendInteger(first.number, to: &output)
            output.append(contentsOf: #", "Last": "#.utf8)
            appendInteger(last.number, to: &output)
            output.append(UInt8(ascii: "}"))
        }
        if let line = prediction.line {
            output.append(contentsOf: #", "Line": ""#.utf8)
            output.append(contentsOf: String(line).utf8)
            output.append(UInt8(ascii: "\""))
        }
        switch prediction.outcome {
        case let .scores(scores, mode):
            output.append(contentsOf: ", ".utf8)
            appendScores(scores, mode: mode, to: &output)
        case let .failed(error):
            output.append(contentsOf: #", "ErrorCode": "#.utf8)
            appendString(error.code, to: &output)
            output.append(contentsOf: #", "ErrorMessage": "#.utf8)
            appendString(error.message, to: &output)
        }
        if let span = prediction.pages { appendPageFields(span, to: &output) }
        output.append(contentsOf: "}\n".utf8)
    }

    /// Appends `, "DocumentMetadata": …, "DocumentType": […]` and, when a page has an error,
    /// `, "Errors": […]`.
    static func appendPageFields(_ span: PageSpan, to output: inout [UInt8]) {
        output.append(contentsOf: #", "DocumentMetadata": {"#.utf8)
        if !span.isRange, let page = span.pages.first {
            output.append(contentsOf: #""PageNumber": "#.utf8)
            appendInteger(page.number, to: &output)
            output.append(contentsOf: ", ".utf8)
        }
        output.append(contentsOf: #""Pages": "#.utf8)
        appendInteger(span.pageCount, to: &output)
        output.append(contentsOf: #", "ExtractedCharacters": "#.utf8)
        appendPageList(span.pages, to: &output) { page, output in
            output.append(contentsOf: #", "Count": "#.utf8)
            appendInteger(page.characters, to: &output)
        }
        output.append(contentsOf: #"}, "DocumentType": "#.utf8)
        appendPageList(span.pages, to: &output) { page, output in
            output.append(contentsOf: #", "Type": ""#.utf8)
            output.append(contentsOf: page.type.rawValue.utf8)
            output.append(UInt8(ascii: "\""))
        }
        let failed = span.pages.filter { $0.error != nil }
        guard !failed.isEmpty else { return }
        output.append(contentsOf: #", "Errors": "#.utf8)
        appendPageList(failed, to: &output) { page, output in
            output.append(contentsOf: #", "ErrorCode": "#.utf8)
            appendString(page.error?.code ?? "", to: &output)
            output.append(contentsOf: #", "ErrorMessage": "#.utf8)
            appendString(page.error?.message ?? "", to: &output)
        }
    }

    /// Appends `[{"Page": n…}, …]`, one object per page, `fields` writing what follows `Page`.
    private static func appendPageList(
        _ pages: [PageInfo], to output: inout [UInt8], fields: (PageInfo, inout [UInt8]) -> Void
    ) {
        output.append(UInt8(ascii: "["))
        for (index, page) in pages.enumerated() {
            if index > 0 { output.append(contentsOf: ", ".utf8) }
            output.append(contentsOf: #"{"Page": "#.utf8)
            appendInteger(page.number, to: &output)
            fields(page, &output)
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "]"))
    }

    /// Appends a decimal integer.
    static func appendInteger(_ value: Int, to output: inout [UInt8]) {
        output.append(contentsOf: String(value).utf8)
    }

    /// Comprehend's ClassifyDocument response: `{"Classes": [...]}` or `{"Labels": [...]}`.
    public static func classifyResponse(_ scores: [LabelScore], mode: ClassifierMode) -> String {
        var output: [UInt8] = [UInt8(ascii: "{")]
        appendScores(scores, mode: mode, to: &output)
        output.append(UInt8(ascii: "}"))
        return String(decoding: output, as: UTF8.self)
    }

    /// Comprehend's ClassifyDocument response for `document`: its classes or labels and, for a
    /// document sent as bytes, `DocumentMetadata` (`Pages`, `ExtractedCharacters` per page),
    /// `DocumentType` per page and `Errors` for pages that could not be read.
    public static func classifyDocumentResponse(_ document: ClassifiedDocument) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "{")]
        // Comprehend names the page of each class or label of a one-page document sent as bytes.
        let page = document.pages?.pageCount == 1 ? document.pages?.pages.first?.number : nil
        appendScores(document.scores, mode: document.mode, page: page, to: &output)
        if let pages = document.pages { appendPageFields(pages, to: &output) }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// Appends `"Classes": [{"Name": …, "Score": …}, …]` (or `"Labels"` for multi-label).
    static func appendScores(_ scores: [LabelScore], mode: ClassifierMode, page: Int? = nil, to output: inout [UInt8]) {
        output.append(contentsOf: (mode == .multiLabel ? #""Labels": ["# : #""Classes": ["#).utf8)
        for (index, score) in scores.enumerated() {
            if index > 0 { output.append(contentsOf: ", ".utf8) }
            output.append(contentsOf: #"{"Name": "#.utf8)
            appendString(score.name, to: &output)
            output.append(contentsOf: #", "Score": "#.utf8)
            appendScore(score.score, to: &output)
            if let page {
                output.append(contentsOf: #", "Page": "#.utf8)
                appendInteger(page, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
        output.append(UInt8(ascii: "]"))
    }

    /// The record for `prediction` as a string, without the newline.
    public static func line(_ prediction: Prediction) -> String {
        var bytes: [UInt8] = []
        appendLine(prediction, to: &bytes)
        bytes.removeLast()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A score rounded to 4 decimals, written as the shortest decimal: `0.9999`, `0.5`, `1.0`, `0.0`.
    public static func formatScore(_ score: Double) -> String {
        var bytes: [UInt8] = []
        appendScore(score, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `formatScore(score)`, allocating nothing.
    static func appendScore(_ score: Double, to output: inout [UInt8]) {
        let tenThousandths = score.isFinite ? Int((min(max(score, 0), 1) * 10_000).rounded()) : 0
        if tenThousandths == 10_000 || tenThousandths == 0 {
            output.append(contentsOf: tenThousandths == 0 ? [0x30, 0x2E, 0x30] : [0x31, 0x2E, 0x30])
            return
        }
        output.append(contentsOf: [0x30, 0x2E])  // "0."
        var value = tenThousandths
        var divisor = 1000
        // Digits until the rest is zero: trailing zeros are not written.
        while value > 0 {
            output.append(0x30 + UInt8(value / divisor))
            value %= divisor
            divisor /= 10
        }
    }

    /// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else as UTF-8.
    public static func appendString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case 0x00..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            default:
                output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
