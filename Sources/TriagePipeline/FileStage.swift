import TriageCore
import TriageExtract
import TriageModel

/// The ONE_DOC_PER_FILE stage: reads each document of a batch (`BatchReader`), classifies it,
/// and encodes its records in order.
///
/// Plain text is classified as one document with Comprehend's plain-text record; a native
/// document (PDF, Word, image) gets one record per page, or per run of pages of one class with
/// `splitPages`. All blocking work runs on the reader's pool.
struct FileStage: Sendable {
    /// The model, shared read-only.
    let classifier: Classifier
    /// Which classes a record lists.
    let policy: DecisionPolicy
    /// One record per run of pages of the same class instead of one per page.
    let splitPages: Bool
    /// Reads the documents.
    let reader: BatchReader

    /// The records of `batch`, in order.
    func predictions(_ batch: [Document]) async -> [Prediction] {
        let texts = await reader.read(batch)
        return await reader.pool.run { zip(batch, texts).flatMap { self.classify($0, $1) } }
    }

    /// The records of `batch`, encoded and compressed for the writer.
    func encoded(_ batch: [Document]) async -> EncodedBatch {
        let texts = await reader.read(batch)
        return await reader.pool.run { EncodedBatch(zip(batch, texts).flatMap { self.classify($0, $1) }, documents: batch.count) }
    }

    /// The records of one read document.
    func classify(_ document: Document, _ result: Result<ExtractedText, DocumentError>) -> [Prediction] {
        let text: ExtractedText
        switch result {
        case let .failure(error):
            return [Prediction(sequence: document.sequence, file: document.file, line: document.line, outcome: .failed(error))]
        case let .success(read):
            text = read
        }
        if text.isPlainText {
            let scores = classifier.decide(text.pages[0].text[...], policy: policy)
            return [Prediction(sequence: document.sequence, file: document.file, line: document.line, outcome: .scores(scores, classifier.mode))]
        }
        return PageRecords.records(
            PageRecords.score(text.pages, with: classifier), sequence: document.sequence, file: document.file, labels: classifier.labels, mode: classifier.mode,
            policy: policy, splitPages: splitPages)
    }
}
