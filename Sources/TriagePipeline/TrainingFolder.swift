import Foundation
import TriageCore
import TriageExtract
import TriageModel
import TriageStorage

/// Reads a folder of class folders as training documents: every file under `FOLDER/CLASS/` (PDF,
/// Word, image, text, or an archive's members) is one example of class `CLASS`, read the way a
/// ONE_DOC_PER_FILE job reads it, its pages' text joined.
///
/// A document that gives no text, and a page that cannot be read, are not trained on: they are
/// returned as error records (the job's record format), never skipped silently.
enum TrainingFolder {
    /// What a folder gave.
    struct Contents: Sendable {
        /// One example per document with text, in path order.
        var examples: [TrainingExample]
        /// The documents and pages left out, with why.
        var skipped: [Prediction]
    }

    /// The code of a file that is not inside a class folder.
    static let noClassCode = "NO_CLASS_FOLDER"

    /// True when `path` names a folder.
    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Reads every document under `folder`, `concurrency` at a time on a pool of its own.
    static func read(_ folder: String, reading: ReadingOptions, concurrency: Int) async throws -> Contents {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        let store = LocalStore()
        let objects = try await store.list(prefix: prefix)
        let pool = ClassificationPool(width: concurrency)
        var source = DocumentSource(
            store: store, objects: objects, format: .oneDocPerFile, maxDocumentBytes: reading.maxTextBytes, reading: reading,
            pool: pool, spoolFolder: FileManager.default.temporaryDirectory.path)
        let reader = BatchReader(reading: reading, pool: pool)
        var contents = Contents(examples: [], skipped: [])
        var batch: [Document] = []
        func take(_ batch: [Document]) async {
            let texts = await reader.read(batch)
            for (document, text) in zip(batch, texts) { add(document, text, to: &contents) }
        }
        while let document = await source.next() {
            batch.append(document)
            if batch.count == 4 * concurrency {
                await take(batch)
                batch.removeAll()
            }
        }
        await take(batch)
        return contents
    }

    private static func add(_ document: Document, _ result: Result<ExtractedText, DocumentError>, to contents: inout Contents) {
        func skip(_ error: DocumentError, pages: PageSpan? = nil) {
            contents.skipped.append(Prediction(
                sequence: document.sequence, file: document.file, line: nil, outcome: .failed(error), pages: pages))
        }
        guard let slash = document.file.firstIndex(of: "/") else {
            skip(DocumentError(code: noClassCode, message: "The file is not inside a class folder (FOLDER/CLASS/FILE), so it has no class."))
            return
        }
        let label = String(document.file[..<slash])
        let text: ExtractedText
        switch result {
        case let .failure(error):
            skip(error)
            return
        case let .success(read):
            text = read
        }
        for page in text.pages where page.info.error != nil {
            guard let error = page.info.error else { continue }
            skip(error, pages: text.isPlainText ? nil : PageSpan(pageCount: text.pages.count, pages: [page.info], isRange: false))
        }
        let pages = text.pages.filter { $0.info.error == nil }.map(\.text)
        guard !pages.isEmpty else { return }
        let joined = Array(pages.joined(separator: [0x0A]))
        contents.examples.append(TrainingExample(labels: [label], text: String(decoding: joined, as: UTF8.self), line: 0, file: document.file))
    }
}
