import Foundation
import Testing
import TriageTestSupport

/// Jobs and `classify` over PDFs, Word files, scans and archives made by `scripts/make-samples`
/// with real tools, run through the built binary; output.tar.gz is read back with GNU tar.
@Suite struct NativeDocumentJobTests {
    /// A folder `in/` holding copies of the fixtures, under the names given.
    func inputFolder(_ files: [(fixture: String, name: String)]) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        for (fixture, name) in files { try folder.write("in/" + name, Data(try TestDocuments.bytes(fixture))) }
        return folder
    }

    /// Runs a ONE_DOC_PER_FILE job over `folder/in/` and returns its description and records.
    func runJob(
        _ triage: TriageBinary, _ folder: TemporaryFolder, model: String, extra: [String] = []
    ) async throws -> (job: [String: Any], records: [[String: Any]], lines: [String]) {
        let job = try await triage.json([
            "run", "--input", folder.path + "/in/", "--output", folder.path + "/out", "--model", model,
            "--format", "ONE_DOC_PER_FILE",
        ] + extra).properties
        let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        return (job, try predictions(inArchive: archive), try predictionLines(inArchive: archive))
    }

    func best(_ record: [String: Any]) -> String? {
        (record["Classes"] as? [[String: Any]])?.first?["Name"] as? String
    }

    func metadata(_ record: [String: Any]) -> [String: Any] { record["DocumentMetadata"] as? [String: Any] ?? [:] }

    func types(_ record: [String: Any]) -> [String] {
        (record["DocumentType"] as? [[String: Any]] ?? []).compactMap { $0["Type"] as? String }
    }

    @Test func aMixedFolderGetsARecordPerPageAndMemberWithComprehendsPageFields() async throws {
        let folder = try inputFolder([
            ("letter.txt", "a-letter.txt"), ("mixed-pages.pdf", "b-mixed.pdf"), ("letter.docx", "c-letter.docx"),
            ("letter.odt", "d-letter.odt"), ("receipt.png", "e-receipt.png"), ("statement.tif", "f-statement.tif"),
            ("bundle.zip", "g-bundle.zip"), ("letter.txt.gz", "h-letter.txt.gz"), ("letter-utf16le.txt", "i-utf16.txt"),
        ])
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        let (job, records, lines) = try await runJob(triage, folder, model: model)
        #expect(job["JobStatus"] as? String == "COMPLETED")
        #expect(records.map { $0["File"] as? String } == [
            "a-letter.txt", "b-mixed.pdf", "b-mixed.pdf", "c-letter.docx", "d-letter.odt", "e-receipt.png",
            "f-statement.tif", "f-statement.tif", "g-bundle.zip/letter.txt", "g-bundle.zip/docs/invoice.pdf",
            "g-bundle.zip/docs/letter.docx", "g-bundle.zip/scans/receipt.png", "h-letter.txt.gz", "i-utf16.txt",
        ])
        #expect(job["DocumentsSucceeded"] as? Int == records.count)
        #expect(job["DocumentsFailed"] as? Int == 0)
        #expect(records.map(best) == [
            "LETTER", "INVOICE", "RECEIPT", "LETTER", "LETTER", "RECEIPT", "BANK_STATEMENT", "BANK_STATEMENT",
            "LETTER", "INVOICE", "LETTER", "RECEIPT", "LETTER", "LETTER",
        ])
        // Plain text keeps Comprehend's plain-text record: File and Classes, nothing else.
        for index in [0, 8, 12, 13] { #expect(Set(records[index].keys) == ["File", "Classes"]) }
        #expect(lines[0].hasPrefix(#"{"File": "a-letter.txt", "Classes": [{"Name": "LETTER", "Score": "#))
        // Native documents: one record per page, with its number, the page count, characters and type.
        #expect(records[1...2].map { metadata($0)["PageNumber"] as? Int } == [1, 2])
        #expect(records[1...2].allSatisfy { metadata($0)["Pages"] as? Int == 2 })
        #expect(records[1...2].map(types) == [["NATIVE_PDF"], ["SCANNED_PDF"]])
        #expect(records.map(types)[3...7].map { $0.first } == ["MS_WORD", "MS_WORD", "IMAGE", "IMAGE", "IMAGE"])
        let characters = (metadata(records[1])["ExtractedCharacters"] as? [[String: Any]])?.first
        #expect(characters?["Page"] as? Int == 1)
        #expect(characters?["Count"] as? Int == 186)
        #expect(lines[1].contains(#""DocumentMetadata": {"PageNumber": 1, "Pages": 2, "ExtractedCharacters": [{"Page": 1, "Count": 186}]}, "DocumentType": [{"Page": 1, "Type": "NATIVE_PDF"}]}"#))
        #expect(records.allSatisfy { $0["Errors"] == nil })
    }

    @Test func splitPagesTurnsAScannedBundleOfFourDocumentsIntoFourRanges() async throws {
        let folder = try inputFolder([("bundle-4-documents.pdf", "bundle.pdf")])
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        let (_, perPage, _) = try await runJob(triage, folder, model: model)
        #expect(perPage.count == 5)
        let (job, records, lines) = try await runJob(triage, folder, model: model, extra: ["--split-pages"])
        #expect(job["DocumentsSucceeded"] as? Int == 4)
        let ranges = records.map { record -> String in
            let range = record["PageRange"] as? [String: Any]
            return "\(range?["First"] as? Int ?? 0)-\(range?["Last"] as? Int ?? 0) \(best(record) ?? "-")"
        }
        #expect(ranges == ["1-1 INVOICE", "2-3 BANK_STATEMENT", "4-4 RECEIPT", "5-5 LETTER"])
        #expect(records.allSatisfy { metadata($0)["Pages"] as? Int == 5 && metadata($0)["PageNumber"] == nil })
        #expect(types(records[1]) == ["SCANNED_PDF", "SCANNED_PDF"])
        #expect(lines[1].hasPrefix(#"{"File": "bundle.pdf", "PageRange": {"First": 2, "Last": 3}, "Classes": [{"Name": "BANK_STATEMENT""#))
        // The option is part of the job: the journal's SUBMITTED record keeps it.
        let journal = try String(contentsOfFile: triage.journal, encoding: .utf8)
        #expect(journal.contains(#""SplitPages":true"#))
    }

    @Test func badAndOverLimitFilesGetTheirErrorRecordsAndTheJobGoesOn() async throws {
        let folder = try inputFolder([
            ("corrupt.pdf", "a-corrupt.pdf"), ("encrypted.pdf", "b-encrypted.pdf"), ("truncated.pdf", "c-truncated.pdf"),
            ("empty.pdf", "d-empty.pdf"), ("huge-page.png", "e-huge.png"), ("legacy.doc", "f-legacy.doc"),
            ("statement-2-pages.pdf", "g-two-pages.pdf"), ("invoice.pdf", "h-invoice.pdf"), ("corrupt.zip", "i-corrupt.zip"),
            ("zip-bomb.zip", "j-bomb.zip"), ("letter.txt", "k-letter.txt"),
        ])
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        let (job, records, _) = try await runJob(triage, folder, model: model, extra: [
            "--max-pages", "1", "--max-archive-bytes", "33554432",
        ])
        #expect(job["JobStatus"] as? String == "COMPLETED")
        let codes = records.map { "\($0["File"] as? String ?? "?") \($0["ErrorCode"] as? String ?? "ok")" }
        #expect(codes.first == "a-corrupt.pdf INVALID_DOCUMENT")
        #expect(codes.contains("b-encrypted.pdf ENCRYPTED_DOCUMENT"))
        #expect(codes.contains("c-truncated.pdf INVALID_DOCUMENT"))
        #expect(codes.contains("d-empty.pdf EMPTY_DOCUMENT"))
        #expect(codes.contains("e-huge.png PAGE_SIZE_EXCEEDED"))
        #expect(codes.contains("f-legacy.doc UNSUPPORTED_DOC_TYPE"))
        #expect(codes.contains("g-two-pages.pdf PAGE_LIMIT_EXCEEDED"))
        #expect(codes.contains("h-invoice.pdf ok"))
        #expect(codes.contains("i-corrupt.zip INVALID_DOCUMENT"))
        // The zip bomb: its first member is read, then the byte limit stops it.
        #expect(codes.contains("j-bomb.zip/first.txt ok"))
        #expect(codes.contains("j-bomb.zip ARCHIVE_LIMIT_EXCEEDED"))
        #expect(!codes.contains { $0.hasPrefix("j-bomb.zip/last.txt") })
        #expect(codes.last == "k-letter.txt ok")
        // A page error is named under Errors too.
        let huge = try #require(records.first { $0["File"] as? String == "e-huge.png" })
        let errors = try #require(huge["Errors"] as? [[String: Any]])
        #expect(errors.first?["Page"] as? Int == 1)
        #expect(errors.first?["ErrorCode"] as? String == "PAGE_SIZE_EXCEEDED")
        #expect(job["DocumentsFailed"] as? Int == records.filter { $0["ErrorCode"] != nil }.count)
    }

    @Test func forcedOCRFromTheCommandLineOrAJobSpecificationReadsTextLayerPagesByOCR() async throws {
        let folder = try inputFolder([("invoice.pdf", "invoice.pdf")])
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        let (defaultJob, byLayer, _) = try await runJob(triage, folder, model: model)
        #expect((defaultJob["InputDataConfig"] as? [String: Any])?["DocumentReaderConfig"] == nil)
        let (job, forced, _) = try await runJob(
            triage, folder, model: model, extra: ["--document-reader-config", "DocumentReadMode=FORCE_DOCUMENT_READ_ACTION"])
        let config = (job["InputDataConfig"] as? [String: Any])?["DocumentReaderConfig"] as? [String: Any]
        #expect(config?["DocumentReadMode"] as? String == "FORCE_DOCUMENT_READ_ACTION")
        #expect(config?["DocumentReadAction"] as? String == "TEXTRACT_DETECT_DOCUMENT_TEXT")
        // OCR reads the page again: the same class, its own character count (spacing differs).
        #expect(best(forced[0]) == "INVOICE" && best(byLayer[0]) == "INVOICE")
        #expect(types(forced[0]) == ["NATIVE_PDF"])
        let ocrCount = (metadata(forced[0])["ExtractedCharacters"] as? [[String: Any]])?.first?["Count"] as? Int
        let layerCount = (metadata(byLayer[0])["ExtractedCharacters"] as? [[String: Any]])?.first?["Count"] as? Int
        #expect(ocrCount != nil && ocrCount != layerCount)

        // The same through --cli-input-json, in Comprehend's request shape.
        let request = """
            {"JobName": "forced", "DocumentClassifierArn": "\(model)",
             "InputDataConfig": {"S3Uri": "\(folder.path)/in/", "InputFormat": "ONE_DOC_PER_FILE",
               "DocumentReaderConfig": {"DocumentReadAction": "TEXTRACT_ANALYZE_DOCUMENT", "DocumentReadMode": "FORCE_DOCUMENT_READ_ACTION", "FeatureTypes": ["TABLES"]}},
             "OutputDataConfig": {"S3Uri": "\(folder.path)/out2"}}
            """
        try folder.write("job.json", request)
        let fromFile = try await triage.json(["run", "--cli-input-json", "file://" + folder.path + "/job.json"]).properties
        let described = try await triage.json(["describe-job", try #require(fromFile["JobId"] as? String)]).properties
        let kept = (described["InputDataConfig"] as? [String: Any])?["DocumentReaderConfig"] as? [String: Any]
        #expect(kept?["DocumentReadAction"] as? String == "TEXTRACT_ANALYZE_DOCUMENT")
        #expect(kept?["FeatureTypes"] as? [String] == ["TABLES"])
        let archive = try #require((fromFile["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        let records = try predictions(inArchive: archive)
        #expect((metadata(records[0])["ExtractedCharacters"] as? [[String: Any]])?.first?["Count"] as? Int == ocrCount)

        let refused = try await triage.run([
            "run", "--input", folder.path + "/in/", "--output", folder.path + "/out", "--model", model, "--format", "ONE_DOC_PER_FILE",
            "--document-reader-config", "DocumentReadMode=SOMETIMES",
        ])
        #expect(refused.status == 64)
        #expect(refused.errors.contains("DocumentReadMode=SERVICE_DEFAULT|FORCE_DOCUMENT_READ_ACTION"))
    }

    @Test func classifyReadsFilesAsAJobDoesAndSplitsPages() async throws {
        let folder = try inputFolder([("mixed-pages.pdf", "mixed.pdf"), ("bundle.tar.gz", "bundle.tar.gz"), ("bundle-4-documents.pdf", "scans.pdf")])
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        let result = try await triage.run(["classify", "--model", model, folder.path + "/in/mixed.pdf", folder.path + "/in/bundle.tar.gz"])
        #expect(result.status == 0, "\(result.errors)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[1].contains(#""DocumentMetadata": {"PageNumber": 2, "Pages": 2"#))
        #expect(lines[1].contains(#""Type": "SCANNED_PDF""#))
        #expect(lines[3].hasPrefix(#"{"File": "\#(folder.path)/in/bundle.tar.gz/docs/invoice.pdf", "Classes": [{"Name": "INVOICE""#))
        let split = try await triage.run(["classify", "--model", model, "--split-pages", folder.path + "/in/scans.pdf"])
        #expect(split.stdout.split(separator: "\n").count == 4)
    }

    @Test func withoutAnOpenMPThreadLimitTheBinaryRunsItselfAgainWithTheSameArguments() async throws {
        let folder = try inputFolder([("receipt.png", "receipt one.png")])
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        let arguments = ["classify", "--model", model, "--top-k", "2", folder.path + "/in/receipt one.png"]
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_THREAD_LIMIT"] = nil
        environment["TRIAGE_JOURNAL"] = triage.journal
        let unset = try await runProgram(TriageBinary.path, arguments, environment: environment, in: TriageBinary.packageRoot)
        environment["OMP_THREAD_LIMIT"] = "1"
        let set = try await runProgram(TriageBinary.path, arguments, environment: environment, in: TriageBinary.packageRoot)
        #expect(unset.status == 0, "\(unset.errors)")
        #expect(unset.stdout == set.stdout)
        #expect(unset.stdout.contains(#""Classes": [{"Name": "RECEIPT""#))
        #expect(unset.stdout.split(separator: "\n").count == 1)
    }

    @Test func aFolderOfClassFoldersTrainsAModelForTheMixedBag() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        // Class folders of text, PDF, Word, ODT and scans, and a stray file with no class.
        let training = folder.path + "/training"
        try FileManager.default.copyItem(atPath: TestDocuments.generated + "/training", toPath: training)
        try folder.write("training/stray.txt", "no class folder")
        let model = folder.path + "/model.triage"
        let metrics = try await triage.json(["train", "--data", training + "/", "--model", model])
        #expect(metrics["NumberOfLabels"] as? Int == 4)
        let trained = try #require(metrics["NumberOfTrainedDocuments"] as? Int)
        let tested = try #require(metrics["NumberOfTestDocuments"] as? Int)
        #expect(trained + tested == 60)
        let skipped = try String(contentsOfFile: folder.path + "/model-evaluation/skipped_documents.jsonl", encoding: .utf8)
        #expect(skipped.contains(#"{"File": "stray.txt", "ErrorCode": "NO_CLASS_FOLDER""#))

        // The model classifies the generated mixed bag (a different set of texts) mostly right.
        let job = try await triage.json([
            "run", "--input", TestDocuments.generated + "/mixed/", "--output", folder.path + "/out", "--model", model,
            "--format", "ONE_DOC_PER_FILE",
        ]).properties
        let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        let records = try predictions(inArchive: archive)
        let truth = try String(contentsOfFile: TestDocuments.generated + "/mixed-labels.csv", encoding: .utf8)
        var label: [String: String] = [:]
        for line in truth.split(separator: "\n") {
            let parts = line.split(separator: ",").map(String.init)
            label[parts[0]] = parts[1]
        }
        let correct = records.filter { record in
            var key = record["File"] as? String ?? ""
            if metadata(record)["Pages"] as? Int ?? 1 > 1, let page = metadata(record)["PageNumber"] as? Int { key += "#\(page)" }
            return best(record) == label[key]
        }.count
        #expect(records.count == label.count)
        #expect(Double(correct) >= 0.85 * Double(records.count), "\(correct) of \(records.count)")
        // A MULTI_LABEL model cannot come from class folders.
        let refused = try await triage.run(["train", "--data", training, "--model", model, "--mode", "MULTI_LABEL"])
        #expect(refused.status == 2)
        #expect(refused.errors.contains("MULTI_CLASS"))
    }
}
