import TriageCore
import TriageExtract
import TriageModel

/// One document classified as a whole, in real time: what ClassifyDocument returns.
public struct ClassifiedDocument: Sendable, Hashable {
    /// The classes or labels listed, best first.
    public var scores: [LabelScore]
    /// Whether they are classes or labels.
    public var mode: ClassifierMode
    /// Every page with its type, characters and error, for a document sent as bytes; nil for text.
    public var pages: PageSpan?
}

/// Reads and classifies one document held in memory, the way a ONE_DOC_PER_FILE job reads a file:
/// type found from its bytes, text layers read and pages OCR'd on the pool. A document of several
/// pages gets the mean of its pages' scores (pages with an error left out).
public struct SingleDocument: Sendable {
    /// Read mode and limits.
    public let reading: ReadingOptions
    /// Where the blocking work runs.
    public let pool: ClassificationPool
    private let reader: BatchReader

    /// Makes a reader on `pool`, with OCR engines of its own, reused from document to document.
    public init(reading: ReadingOptions, pool: ClassificationPool) {
        self.reading = reading
        self.pool = pool
        reader = BatchReader(reading: reading, pool: pool)
    }

    /// The same reader with another read mode (a request's DocumentReaderConfig), sharing the OCR engines.
    public func with(readMode: DocumentReaderConfig.ReadMode) -> SingleDocument {
        var options = reading
        options.readMode = readMode
        return SingleDocument(options: options, reader: BatchReader(reading: options, pool: pool, engines: reader.engines))
    }

    private init(options: ReadingOptions, reader: BatchReader) {
        self.reading = options
        self.pool = reader.pool
        self.reader = reader
    }

    /// Classifies `bytes` (plain text, PDF, Word, image, a .gz of one): the decision and the
    /// document's pages, or the document-level error that kept it from being read.
    public func classify(_ bytes: [UInt8], with classifier: Classifier, policy: DecisionPolicy) async
        -> Result<ClassifiedDocument, DocumentError>
    {
        let document = Document(sequence: 0, file: "", line: nil, content: .success(bytes))
        let read = await reader.read([document])[0]
        guard case let .success(text) = read else {
            if case let .failure(error) = read { return .failure(error) }
            return .failure(DocumentError(code: DocumentError.internalCode, message: "the document could not be read"))
        }
        return .success(await pool.run { Self.decide(text, classifier: classifier, policy: policy) })
    }

    /// The decision for a read document: the mean of its readable pages' scores.
    static func decide(_ text: ExtractedText, classifier: Classifier, policy: DecisionPolicy) -> ClassifiedDocument {
        var pageScores: [[Float]] = []
        for page in text.pages where page.info.error == nil {
            var scores: [Float] = []
            page.text.withUnsafeBufferPointer { classifier.scores(utf8: $0, into: &scores) }
            pageScores.append(scores)
        }
        let span = PageSpan(pageCount: text.pages.count, pages: text.pages.map(\.info), isRange: true)
        let decided = pageScores.isEmpty
            ? [] : policy.decide(scores: PageRecords.mean(pageScores), labels: classifier.labels, mode: classifier.mode)
        return ClassifiedDocument(scores: decided, mode: classifier.mode, pages: span)
    }
}
