import Foundation
import Testing
import TriageTestSupport

/// `train` and `classify` as a user runs them.
@Suite struct TrainAndClassifyTests {
    @Test func classifyTextPrintsComprehendsResponse() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        let result = try await triage.run(["classify", "--model", model, "--text", "WINNER! Claim your free prize now, text WIN to 80086"])
        #expect(result.status == 0, "\(result.errors)")
        let response = try #require(try JSONSerialization.jsonObject(with: result.output) as? [String: Any])
        let classes = try #require(response["Classes"] as? [[String: Any]])
        #expect(classes.count == 2)
        #expect(classes.first?["Name"] as? String == "spam")
        let total = classes.compactMap { $0["Score"] as? Double }.reduce(0, +)
        #expect(abs(total - 1) < 0.001)
    }

    @Test func classifyFilesPrintsOneRecordPerFile() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        try folder.write("a.txt", "Invoice INV-0042. Amount due: 1,200.00 USD. Payment due within 30 days. Bill to: Contoso.")
        try folder.write("b.txt", "")
        let result = try await triage.run(["classify", "--model", model, folder.path + "/a.txt", folder.path + "/b.txt"])
        #expect(result.status == 2)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix(#"{"File": "\#(folder.path)/a.txt", "Classes": [{"Name": "INVOICE""#))
        #expect(lines[1].contains(#""ErrorCode": "EMPTY_DOCUMENT""#))
    }

    @Test func multiLabelModelsAnswerWithLabels() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = folder.path + "/ml.triage"
        let metrics = try await triage.json([
            "train", "--data", "samples/multilabel/train.csv", "--model", model, "--mode", "MULTI_LABEL",
            "--label-delimiter", "|",
        ])
        #expect(metrics["NumberOfLabels"] as? Int == 5)
        #expect(try #require(metrics["HammingLoss"] as? Double) < 0.3)
        let result = try await triage.run(["classify", "--model", model, "--text", "I was charged twice on my card this month, please refund"])
        #expect(result.status == 0)
        let response = try #require(try JSONSerialization.jsonObject(with: result.output) as? [String: Any])
        let labels = try #require(response["Labels"] as? [[String: Any]])
        #expect(labels.first?["Name"] as? String == "billing")
    }

    @Test func multiLabelThresholdCalibrationIsOnByDefaultAndCanBeTurnedOff() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        for (flag, expected) in [([String](), true), (["--no-calibrate-thresholds"], false)] {
            let model = folder.path + "/ml-\(expected).triage"
            _ = try await triage.json(
                ["train", "--data", "samples/multilabel/train.csv", "--model", model, "--mode", "MULTI_LABEL"] + flag)
            let description = try await triage.json(["describe-model", model])
            let text = String(decoding: try JSONSerialization.data(withJSONObject: description), as: UTF8.self)
            #expect(text.contains("\"calibrateThresholds\":\(expected)"), "\(flag): \(text)")
        }
    }

    @Test func separateTestDataIsUsedForEvaluation() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let metrics = try await triage.json([
            "train", "--data", "samples/sms/train.csv", "--test-data", "samples/sms/train.csv",
            "--model", folder.path + "/m.triage",
        ])
        let trained = try #require(metrics["NumberOfTrainedDocuments"] as? Int)
        #expect(metrics["NumberOfTestDocuments"] as? Int == trained)
    }

    @Test func trainWritesPerLabelMetricsAndTheConfusionMatrixBesideTheModel() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        // The model's folder does not exist yet: train creates it.
        let model = folder.path + "/models/sms.triage"
        let metrics = try await triage.json(["train", "--data", "samples/sms/train.csv", "--model", model])
        let evaluation = folder.path + "/models/sms-evaluation"
        let matrix = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: evaluation + "/confusion_matrix.json")))
                as? [String: Any])
        #expect(matrix["type"] as? String == "multi_class")
        #expect(matrix["labels"] as? [String] == ["ham", "spam"])
        #expect(matrix["all_labels"] as? [String] == ["ham", "spam"])
        let rows = try #require(matrix["matrix"] as? [[Int]])
        #expect(rows.count == 2 && rows.allSatisfy { $0.count == 2 })
        // Every held-out document is counted once; the diagonal is the accuracy.
        let tested = try #require(metrics["NumberOfTestDocuments"] as? Int)
        #expect(rows.joined().reduce(0, +) == tested)
        let accuracy = try #require(metrics["Accuracy"] as? Double)
        #expect(abs(Double(rows[0][0] + rows[1][1]) / Double(tested) - accuracy) < 1e-9)

        let perLabel = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: evaluation + "/metrics.json")))
                as? [String: Any])
        let labels = try #require(perLabel["Labels"] as? [[String: Any]])
        #expect(labels.compactMap { $0["Name"] as? String } == ["ham", "spam"])
        #expect(labels.compactMap { $0["Support"] as? Int }.reduce(0, +) == tested)
        #expect(labels.allSatisfy { $0["Precision"] is Double && $0["Recall"] is Double && $0["F1Score"] is Double })
        #expect((perLabel["EvaluationMetrics"] as? [String: Any])?["Accuracy"] as? Double == accuracy)

        let svg = try String(contentsOfFile: evaluation + "/confusion_matrix.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains(">ham</text>") && svg.contains(">spam</text>"))
        #expect(svg.hasSuffix("</svg>\n"))

        // --evaluation-dir puts the files elsewhere.
        _ = try await triage.json([
            "train", "--data", "samples/sms/train.csv", "--model", model, "--evaluation-dir", folder.path + "/eval",
        ])
        #expect(FileManager.default.fileExists(atPath: folder.path + "/eval/confusion_matrix.svg"))
    }

    @Test func minimumScoreAndFallbackClassShapeClassifyAndRunAlike() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        // Nothing reaches a minimum of 1: the fallback class, in classify and in a job's records.
        let options = ["--min-score", "1", "--fallback-class", "Other"]
        let response = try await triage.json(["classify", "--model", model, "--text", "Invoice 42, amount due 100 EUR"] + options)
        let classes = try #require(response["Classes"] as? [[String: Any]])
        #expect(classes.map { $0["Name"] as? String } == ["Other"])
        try folder.write("in.txt", "Invoice 42, amount due 100 EUR\nDear Sir, I write to complain\n")
        let job = try await triage.json([
            "run", "--input", folder.path + "/in.txt", "--output", folder.path + "/out", "--model", model,
            "--format", "ONE_DOC_PER_LINE", "--top-k", "1",
        ] + options).properties
        let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        let records = try predictions(inArchive: archive)
        #expect(records.count == 2)
        #expect(records.allSatisfy { (($0["Classes"] as? [[String: Any]])?.map { $0["Name"] as? String }) == ["Other"] })
        // --top-k 1 without a minimum: the best class only.
        let best = try await triage.json(["classify", "--model", model, "--text", "Invoice 42, amount due 100 EUR", "--top-k", "1"])
        #expect((best["Classes"] as? [[String: Any]])?.map { $0["Name"] as? String } == ["INVOICE"])
    }

    @Test func labelThresholdsAreCheckedAgainstTheModel() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        let wrong = try await triage.run(["classify", "--model", model, "--text", "hi", "--label-threshold", "spam=0.2"])
        #expect(wrong.status == 2)
        #expect(wrong.errors.contains("per-label thresholds apply to MULTI_LABEL models"))
        let malformed = try await triage.run(["classify", "--model", model, "--text", "hi", "--label-threshold", "spam"])
        #expect(malformed.status == 64)
        #expect(malformed.errors.contains("LABEL=SCORE"))
        try folder.write("in.txt", "hello\n")
        let job = try await triage.json([
            "run", "--input", folder.path + "/in.txt", "--output", folder.path + "/out", "--model", model,
            "--format", "ONE_DOC_PER_LINE", "--label-threshold", "spam=0.2",
        ], status: 1).properties
        #expect((job["Message"] as? String)?.contains("The classification options do not fit the model") == true)
    }

    @Test func badTrainingDataFailsNamingFileAndLine() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        try folder.write("bad.csv", "spam,\"win now\"\nham,\"see you\"\njust-one-column\n")
        let result = try await triage.run(["train", "--data", folder.path + "/bad.csv", "--model", folder.path + "/m.triage"])
        #expect(result.status == 2)
        #expect(result.errors.contains("bad.csv:3"), "\(result.errors)")
        try folder.write("single.csv", "spam,a\nspam,b\nspam,c\n")
        let single = try await triage.run(["train", "--data", folder.path + "/single.csv", "--model", folder.path + "/m.triage"])
        #expect(single.status == 2)
        #expect(single.errors.contains("single.csv"))
        let missing = try await triage.run(["train", "--data", folder.path + "/none.csv", "--model", folder.path + "/m.triage"])
        #expect(missing.status == 2)
        #expect(missing.errors.contains("none.csv"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/m.triage"))
    }

    @Test func aJournalGivenAsABareFileNameWorks() async throws {
        // A one-component relative journal path once crashed inside Foundation's path handling.
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        try folder.write("in.txt", "see you at lunch\n")
        let result = try await runProgram(
            TriageBinary.path,
            ["run", "--input", "in.txt", "--output", "out", "--model", model, "--format", "ONE_DOC_PER_LINE", "--journal", "j"],
            in: URL(fileURLWithPath: folder.path))
        #expect(result.status == 0, "\(result.errors)")
        #expect(FileManager.default.fileExists(atPath: folder.path + "/j"))
        let described = try await runProgram(TriageBinary.path, ["list-jobs", "--journal", "j"], in: URL(fileURLWithPath: folder.path))
        #expect(described.stdout.contains("COMPLETED"))
    }

    @Test func unknownJobIsAnErrorAndUsageErrorsExit64() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let unknown = try await triage.run(["describe-job", "0000"])
        #expect(unknown.status == 2)
        #expect(unknown.errors.contains("0000"))
        let usage = try await triage.run(["run", "--input", "x"])
        #expect(usage.status == 64)
    }
}
