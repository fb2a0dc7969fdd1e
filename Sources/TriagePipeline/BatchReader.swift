import TriageCore
import TriageExtract

/// Reads a batch of ONE_DOC_PER_FILE documents into page text: each document's type found from
/// its bytes and its text layers read in one pool item, then OCR of every page that needs it,
/// each page its own pool item, so the pages of one scan are read in parallel.
struct BatchReader: Sendable {
    /// Read mode and limits.
    let reading: ReadingOptions
    /// Where blocking work runs.
    let pool: ClassificationPool
    /// The job's OCR engines, reused page after page.
    let engines: OCREngines

    /// Makes a reader with its own OCR engines.
    init(reading: ReadingOptions, pool: ClassificationPool, engines: OCREngines = OCREngines()) {
        self.reading = reading
        self.pool = pool
        self.engines = engines
    }

    /// The text of each document of `batch`, in order, or its document-level error.
    func read(_ batch: [Document]) async -> [Result<ExtractedText, DocumentError>] {
        let reading = self.reading
        let prepared = await pool.run {
            batch.map { document in
                document.content.map { DocumentReader.prepare($0, options: reading) }
            }
        }
        var tasks: [(document: Int, task: OCRTask)] = []
        for (index, document) in prepared.enumerated() {
            if case let .success(document) = document { tasks += document.ocrTasks.map { (index, $0) } }
        }
        var recognized = [[Int: ExtractedPage]](repeating: [:], count: batch.count)
        if !tasks.isEmpty {
            let engines = self.engines
            let pool = self.pool
            await withTaskGroup(of: (Int, ExtractedPage).self) { group in
                for (document, task) in tasks {
                    group.addTask {
                        (document, await pool.run { DocumentReader.recognize(task, options: reading, engines: engines) })
                    }
                }
                for await (document, page) in group { recognized[document][page.info.number] = page }
            }
        }
        return prepared.enumerated().map { index, document in
            document.flatMap { $0.finish(recognized: recognized[index]) }
        }
    }
}
