import Foundation
import Testing
import TriageTestSupport

/// Runs the built binary on the bundled samples and on fixture folders, and reads output.tar.gz back.
@Suite struct BatchJobTests {
    @Test func trainPrintsComprehendMetricsForTheSampleData() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = folder.path + "/m.triage"
        let metrics = try await triage.json(["train", "--data", "samples/training.csv", "--model", model])
        for key in ["Accuracy", "Precision", "Recall", "F1Score", "MicroPrecision", "MicroRecall", "MicroF1Score", "HammingLoss"] {
            let value = try #require(metrics[key] as? Double, "missing \(key)")
            #expect((0...1).contains(value))
        }
        #expect(metrics["NumberOfLabels"] as? Int == 6)
        let trained = try #require(metrics["NumberOfTrainedDocuments"] as? Int)
        let tested = try #require(metrics["NumberOfTestDocuments"] as? Int)
        #expect(tested > 0 && trained > 5 * tested)
        #expect(try #require(metrics["Accuracy"] as? Double) >= 0.7)
        #expect(FileManager.default.fileExists(atPath: model))
    }

    @Test func oneDocPerFileJobOnTheUnseenSamplesWritesOneRecordPerFileInOrder() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        let output = folder.path + "/out"
        let response = try await triage.json([
            "run", "--input", "samples/unseen/", "--output", output, "--model", model,
            "--format", "ONE_DOC_PER_FILE", "--job-name", "unseen",
        ])
        let job = response.properties
        #expect(job["JobStatus"] as? String == "COMPLETED")
        #expect(job["JobName"] as? String == "unseen")
        let jobId = try #require(job["JobId"] as? String)
        let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        #expect(archive == output + "/local-CLN-\(jobId)/output/output.tar.gz")
        let inputConfig = try #require(job["InputDataConfig"] as? [String: Any])
        #expect(inputConfig["InputFormat"] as? String == "ONE_DOC_PER_FILE")
        #expect(inputConfig["S3Uri"] as? String == TriageBinary.packageRoot.path + "/samples/unseen/")
        #expect(job["DocumentClassifierArn"] as? String == model)
        #expect(job["SubmitTime"] is String && job["EndTime"] is String)

        // Exactly one record per file, in byte order of the relative paths.
        let expectedFiles = try runTool("find", ["samples/unseen", "-type", "f"])
        let files = expectedFiles.split(separator: "\n").map { String($0.dropFirst("samples/unseen/".count)) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let records = try predictions(inArchive: archive)
        #expect(records.map { $0["File"] as? String } == files)
        #expect(records.allSatisfy { $0["Line"] == nil })
        #expect(job["DocumentsSucceeded"] as? Int == files.count)
        #expect(job["DocumentsFailed"] as? Int == 0)
        for record in records {
            let classes = try #require(record["Classes"] as? [[String: Any]])
            #expect(classes.count == 3)
            let scores = classes.compactMap { $0["Score"] as? Double }
            #expect(scores == scores.sorted(by: >))
        }

        // The model gets most unseen documents right.
        let truth = try String(contentsOf: TriageBinary.packageRoot.appendingPathComponent("samples/unseen-labels.csv"), encoding: .utf8)
        var label: [String: String] = [:]
        for line in truth.split(separator: "\n") {
            let parts = line.split(separator: ",", maxSplits: 1).map(String.init)
            if parts.count == 2 { label[parts[0]] = parts[1] }
        }
        let correct = records.filter { record in
            let best = (record["Classes"] as? [[String: Any]])?.first?["Name"] as? String
            return best != nil && best == label[record["File"] as? String ?? ""]
        }.count
        #expect(Double(correct) >= 0.8 * Double(records.count), "\(correct) of \(records.count) correct")

        // The journal holds SUBMITTED, IN_PROGRESS, COMPLETED for the job, and describe/list read it.
        let journalLines = try String(contentsOfFile: triage.journal, encoding: .utf8).split(separator: "\n")
        let statuses = try journalLines.compactMap { line -> String? in
            let event = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            // Status transitions only: checkpoints keep the status.
            return event?["JobId"] as? String == jobId && event?["Checkpoint"] == nil ? event?["JobStatus"] as? String : nil
        }
        #expect(statuses == ["SUBMITTED", "IN_PROGRESS", "COMPLETED"])
        let described = try await triage.json(["describe-job", jobId]).properties
        #expect(described["JobStatus"] as? String == "COMPLETED")
        #expect((described["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String == archive)
        let listed = try await triage.json(["list-jobs"])["DocumentClassificationJobPropertiesList"] as? [[String: Any]]
        #expect(listed?.contains { $0["JobId"] as? String == jobId } == true)
    }

    @Test func oneDocPerLineJobOnTheSMSSampleNumbersEveryLine() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        let job = try await triage.json([
            "run", "--input", "samples/sms/messages.txt", "--output", folder.path + "/out", "--model", model,
            "--format", "ONE_DOC_PER_LINE",
        ]).properties
        #expect(job["JobStatus"] as? String == "COMPLETED")
        let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        let lines = try predictionLines(inArchive: archive)
        let messages = try String(contentsOf: TriageBinary.packageRoot.appendingPathComponent("samples/sms/messages.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == messages.count)
        for (index, line) in lines.enumerated() {
            #expect(line.hasPrefix(#"{"File": "messages.txt", "Line": "\#(index)", "Classes": [{"Name": ""#), "\(line)")
        }
        let truth = try String(contentsOf: TriageBinary.packageRoot.appendingPathComponent("samples/sms/messages-labels.txt"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let best = try predictions(inArchive: archive).map { ($0["Classes"] as? [[String: Any]])?.first?["Name"] as? String }
        let correct = zip(best, truth).filter { $0.0 == $0.1 }.count
        #expect(Double(correct) >= 0.8 * Double(truth.count), "\(correct) of \(truth.count) correct")
    }

    @Test func aJobSpecificationFileInComprehendsShapeRunsTheJob() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        let request: [String: Any] = [
            "JobName": "from-file",
            "DocumentClassifierArn": model,
            "InputDataConfig": ["S3Uri": "samples/sms/messages.txt", "InputFormat": "ONE_DOC_PER_LINE"],
            "OutputDataConfig": ["S3Uri": folder.path + "/out"],
        ]
        try folder.write("job.json", try JSONSerialization.data(withJSONObject: request))
        let job = try await triage.json(["run", "--cli-input-json", "file://" + folder.path + "/job.json"]).properties
        #expect(job["JobStatus"] as? String == "COMPLETED")
        #expect(job["JobName"] as? String == "from-file")
        #expect(job["DocumentsSucceeded"] as? Int == 40)
        // An option on the command line wins over the file.
        let renamed = try await triage.json(["run", "--cli-input-json", folder.path + "/job.json", "--job-name", "override"]).properties
        #expect(renamed["JobName"] as? String == "override")
        let missing = try await triage.run(["run", "--cli-input-json", "file://" + folder.path + "/none.json"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("none.json"))
    }

    @Test func recordsStayInInputOrderWhateverTheConcurrency() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        // Three files of mixed line endings, 9,000 lines in all, 30 blank. (A blank line always
        // follows an LF: after a CR, its LF would make a CRLF.)
        let words = ["free", "prize", "call", "now", "meeting", "lunch", "tomorrow", "win", "cash", "home"]
        for file in 0..<3 {
            var text = ""
            for line in 0..<3000 {
                let ending = ["\n", "\r\n", "\r"][line % 3]
                text += line % 300 == 7 ? ending : "\(words[(line * 7 + file) % 10]) \(words[line % 10]) \(line)" + ending
            }
            try folder.write("many/part-\(file).txt", text)
        }
        var outputs: [[String]] = []
        for concurrency in ["1", "4"] {
            let job = try await triage.json([
                "run", "--input", folder.path + "/many/", "--output", folder.path + "/out-\(concurrency)", "--model", model,
                "--format", "ONE_DOC_PER_LINE", "--concurrency", concurrency,
            ]).properties
            #expect(job["JobStatus"] as? String == "COMPLETED")
            #expect(job["DocumentsFailed"] as? Int == 30)  // the blank lines
            let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
            outputs.append(try predictionLines(inArchive: archive))
        }
        #expect(outputs[0].count == 9000)
        #expect(outputs[0] == outputs[1])
        let order = try outputs[1].map { line -> String in
            let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return "\(record["File"] as? String ?? "?")#\(record["Line"] as? String ?? "?")"
        }
        #expect(order == (0..<3).flatMap { file in (0..<3000).map { "part-\(file).txt#\($0)" } })
    }

    @Test func badDocumentsGetErrorRecordsAndTheJobGoesOn() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        try folder.write("in/1-good.txt", "Invoice number 2231, amount due 400 EUR by 30 June. Bill to: Example Ltd.")
        try folder.write("in/2-empty.txt", "")
        // Starts with a zip's magic number: the type comes from the content, so it is a damaged zip.
        try folder.write("in/3-binary.txt", Data([0x50, 0x4B, 0x03, 0x04, 0xFF, 0xFE, 0x00, 0xC3, 0x28]))
        try folder.write("in/4-large.txt", String(repeating: "statement balance ", count: 100))
        try folder.write("in/5-good.txt", "Thank you for your purchase. Paid by card. Total 12.50.")
        try folder.write("in/6-latin1.txt", Data([0x43, 0x61, 0x66, 0xE9, 0x20, 0x63, 0x72, 0xE8, 0x6D, 0x65]))  // "Café crème" in Latin-1
        let job = try await triage.json([
            "run", "--input", folder.path + "/in/", "--output", folder.path + "/out", "--model", model,
            "--format", "ONE_DOC_PER_FILE", "--max-document-bytes", "1000",
        ]).properties
        #expect(job["JobStatus"] as? String == "COMPLETED")
        #expect(job["DocumentsSucceeded"] as? Int == 2)
        #expect(job["DocumentsFailed"] as? Int == 4)
        let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        let records = try predictions(inArchive: archive)
        #expect(records.map { $0["File"] as? String } == ["1-good.txt", "2-empty.txt", "3-binary.txt", "4-large.txt", "5-good.txt", "6-latin1.txt"])
        #expect(records.map { $0["ErrorCode"] as? String } == [nil, "EMPTY_DOCUMENT", "INVALID_DOCUMENT", "DOCUMENT_SIZE_EXCEEDED", nil, "INVALID_ENCODING"])
        #expect(records[3]["ErrorMessage"] as? String == "The document has 1800 bytes, more than the limit of 1000 bytes.")
        #expect(records[1]["Classes"] == nil && records[0]["Classes"] != nil)
    }

    @Test func aMissingInputFailsTheJobWithAMessageNamingIt() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        let missing = folder.path + "/no-such-folder/prefix"
        let job = try await triage.json([
            "run", "--input", missing, "--output", folder.path + "/out", "--model", model, "--format", "ONE_DOC_PER_LINE",
        ], status: 1).properties
        #expect(job["JobStatus"] as? String == "FAILED")
        #expect((job["Message"] as? String)?.contains(folder.path + "/no-such-folder") == true)
        let empty = try await triage.json([
            "run", "--input", folder.path + "/nothing-", "--output", folder.path + "/out", "--model", model,
            "--format", "ONE_DOC_PER_LINE",
        ], status: 1).properties
        #expect((empty["Message"] as? String)?.contains("matched no files") == true)
        let statuses = try String(contentsOfFile: triage.journal, encoding: .utf8).split(separator: "\n").compactMap { line in
            (try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["JobStatus"] as? String
        }
        #expect(statuses == ["SUBMITTED", "IN_PROGRESS", "FAILED", "SUBMITTED", "IN_PROGRESS", "FAILED"])
    }

    @Test func aCorruptModelIsRefusedByRunAndClassify() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: model))
        bytes[bytes.count / 2] ^= 0xFF
        try folder.write("corrupt.triage", bytes)
        let corrupt = folder.path + "/corrupt.triage"
        try folder.write("in.txt", "hello there\n")
        let job = try await triage.json([
            "run", "--input", folder.path + "/in.txt", "--output", folder.path + "/out", "--model", corrupt,
            "--format", "ONE_DOC_PER_LINE",
        ], status: 1).properties
        #expect(job["JobStatus"] as? String == "FAILED")
        #expect((job["Message"] as? String)?.contains("corrupt.triage") == true)
        // classify only maps the model and checks its header and metadata (that is what makes it
        // load in constant time), so it is refused for a damaged label table...
        var metadata = try Data(contentsOf: URL(fileURLWithPath: model))
        metadata[70] ^= 0x01
        try folder.write("bad-metadata.triage", metadata)
        let classify = try await triage.run(["classify", "--model", folder.path + "/bad-metadata.triage", "--text", "hello"])
        #expect(classify.status == 2)
        #expect(classify.errors.contains("bad-metadata.triage is corrupted (metadata checksum mismatch)"))
        // ... and describe-model --verify finds damage anywhere.
        let verify = try await triage.run(["describe-model", "--verify", corrupt])
        #expect(verify.status == 2)
        #expect(verify.errors.contains("corrupt.triage is corrupted (checksum mismatch in its weights)"))
    }

    @Test func anUnwritableOutputFailsTheJob() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        try folder.write("in.txt", "hello\n")
        try folder.write("blocker", "a file where the output folder should be")
        let job = try await triage.json([
            "run", "--input", folder.path + "/in.txt", "--output", folder.path + "/blocker/out", "--model", model,
            "--format", "ONE_DOC_PER_LINE",
        ], status: 1).properties
        #expect(job["JobStatus"] as? String == "FAILED")
        #expect((job["Message"] as? String)?.contains("not writable") == true)
    }
}
