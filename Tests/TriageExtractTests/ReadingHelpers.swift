import TriageCore
import TriageTestSupport
@testable import TriageExtract

/// Reading options with the default limits and 10 MiB of text, changed by `change`.
func options(_ change: (inout ReadingOptions) -> Void = { _ in }) -> ReadingOptions {
    var options = ReadingOptions(maxTextBytes: 10 << 20)
    change(&options)
    return options
}

/// Reads fixture `name` whole (OCR included) with `options`.
func read(_ name: String, _ options: ReadingOptions = options()) throws -> Result<ExtractedText, DocumentError> {
    DocumentReader.read(try TestDocuments.bytes(name), options: options, engines: OCREngines())
}

/// The text of a page as a string.
func text(_ page: ExtractedPage) -> String { String(decoding: page.text, as: UTF8.self) }

/// The read text of fixture `name`, or a test failure naming its error.
func pages(_ name: String, _ options: ReadingOptions = options()) throws -> [ExtractedPage] {
    switch try read(name, options) {
    case let .success(text): return text.pages
    case let .failure(error): throw TestFailure("\(name): \(error.code): \(error.message)")
    }
}

/// The document-level error of fixture `name`, or a test failure when it was read.
func documentError(_ name: String, _ options: ReadingOptions = options()) throws -> DocumentError {
    switch try read(name, options) {
    case .success: throw TestFailure("\(name) was read, but an error was expected")
    case let .failure(error): return error
    }
}

/// Text with runs of whitespace made single spaces, to compare OCR output with what was printed.
func words(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
}
