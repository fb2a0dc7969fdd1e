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
    private let reader: BatchReader

    /// Makes a reader on `pool`, with OCR engines of its own, reused from document to document.
    public init(reading: ReadingOptions, pool: ClassificationPool) {
        reader = BatchReader(reading: reading, pool: pool)
    }

    private init(reader: BatchReader) {
        self.reader = reader
    }

    /// Read mode and limits.
    public var reading: ReadingOptions { reader.reading }

    /// The same reader with another read mode (a request's DocumentReaderConfig), sharing the pool
    /// and the OCR engines.
    public func with(readMode: DocumentReaderConfig.ReadMode) -> SingleDocument {
        var options = reader.reading
        options.readMode = readMode
        return SingleDocument(reader: BatchReader(reading: options, pool: reader.pool, engines: reader.engines))
    }

    /// Classifies `bytes` (plain text, PDF, Word, image, a .gz of one): the decision and the
    /// document's pages, or the document-level error that kept it from being read.
    public func classify(_ bytes: [UInt8], with classifier: Classifier, policy: DecisionPolicy) async
        -> Result<ClassifiedDocument, DocumentError>
    {
        let document = Document(sequence: 0, file: "", line: nil, content: .success(bytes))
        switch await reader.read([document])[0] {
        case let .success(text):
            return .success(await reader.pool.run { Self.decide(text, classifier: classifier, policy: policy) })
        case let .failure(error):
            return .failure(error)
        }
    }

    /// The decision for a read document: the mean of its readable pages' scores.
    static func decide(_ text: ExtractedText, classifier: Classifier, policy: DecisionPolicy) -> ClassifiedDocument {
        let pages = PageRecords.score(text.pages, with: classifier)
        let readable = pages.compactMap(\.scores)
        let decided = readable.isEmpty
            ? [] : policy.decide(scores: PageRecords.mean(readable), labels: classifier.labels, mode: classifier.mode)
        let span = PageSpan(pageCount: pages.count, pages: pages.map(\.info), isRange: true)
        return ClassifiedDocument(scores: decided, mode: classifier.mode, pages: span)
    }
}
