import Foundation
import Testing
import TriageTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Jobs that read their input from and write their output to a real S3-compatible server
/// (SeaweedFS, started by scripts/test); the AWS CLI checks what Triage wrote.
@Suite(.enabled(if: S3TestServer.isConfigured, "needs the S3 test server that scripts/test starts"))
struct S3JobTests {
    /// `triage run` with the server's endpoint.
    func run(_ triage: TriageBinary, _ arguments: [String], status: Int32 = 0) async throws -> [String: Any] {
        try await triage.json(["run", "--endpoint-url", S3TestServer.endpoint ?? ""] + arguments, status: status).properties
    }

    @Test func aJobReadsAPrefixThatListsInPagesAndWritesItsArchiveToS3() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        let bucket = try S3TestServer.makeBucket("triage-job")
        // 2,500 objects: S3 lists 1,000 keys a page, so the listing takes three pages. Some keys
        // need encoding.
        let input = folder.path + "/input"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        for index in 0..<2496 {
            try Data("Invoice \(index). Amount due: \(index) EUR within 30 days.".utf8)
                .write(to: URL(fileURLWithPath: input + String(format: "/doc-%04d.txt", index)))
        }
        let odd = ["a b.txt", "plus+sign.txt", "per%cent=equals.txt", "ünïcödé.txt"]
        for name in odd {
            try Data("Dear customer, thank you for your letter.".utf8).write(to: URL(fileURLWithPath: input + "/" + name))
        }
        try S3TestServer.aws(["s3", "cp", "--recursive", "--quiet", input, "s3://\(bucket)/docs/"])
        // Beside the prefix, an object the prefix must not take.
        try S3TestServer.aws(["s3", "cp", "--quiet", "samples/unseen/doc-01.txt", "s3://\(bucket)/docs-other.txt"])

        let job = try await run(triage, [
            "--input", "s3://\(bucket)/docs/", "--output", "s3://\(bucket)/results", "--model", model,
            "--format", "ONE_DOC_PER_FILE",
        ])
        #expect(job["JobStatus"] as? String == "COMPLETED")
        let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        let jobId = try #require(job["JobId"] as? String)
        #expect(archive == "s3://\(bucket)/results/local-CLN-\(jobId)/output/output.tar.gz")

        // The AWS CLI sees exactly the archive, and reads it back.
        let listing = try S3TestServer.aws(["s3", "ls", "--recursive", "s3://\(bucket)/results/"])
        #expect(listing.split(separator: "\n").count == 1)
        #expect(listing.contains("results/local-CLN-\(jobId)/output/output.tar.gz"))
        try S3TestServer.aws(["s3", "cp", "--quiet", archive, folder.path + "/output.tar.gz"])
        let records = try predictions(inArchive: folder.path + "/output.tar.gz")
        #expect(records.count == 2500)
        let files = records.compactMap { $0["File"] as? String }
        // Names are relative to the prefix's folder (`docs/`), in key (UTF-8 byte) order.
        let ordered = files == files.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        #expect(ordered)
        #expect(files.first == "a b.txt")
        #expect(files.last == "ünïcödé.txt")
        for name in odd { #expect(files.contains(name)) }
        #expect(!files.contains("docs-other.txt") && !files.contains("../docs-other.txt"))
        #expect(records.allSatisfy { $0["Classes"] != nil })
    }

    @Test func aLargeLineObjectStreamsWithFlatMemory() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        let bucket = try S3TestServer.makeBucket("triage-large")
        // 200 MB: 100,000 lines of 2,000 bytes.
        let path = folder.path + "/lines.txt"
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let line = Array((String(repeating: "call me back about the prize draw tomorrow ", count: 47).prefix(1999) + "\n").utf8)
        var block: [UInt8] = []
        for _ in 0..<1000 { block += line }
        for _ in 0..<100 { handle.write(Data(block)) }
        try handle.close()
        try S3TestServer.aws(["s3", "cp", "--quiet", path, "s3://\(bucket)/big/lines.txt"])

        let result = try await runProgram("/usr/bin/time", [
            "-f", "%M", TriageBinary.path, "run", "--endpoint-url", S3TestServer.endpoint ?? "", "--input",
            "s3://\(bucket)/big/lines.txt", "--output", "s3://\(bucket)/out", "--model", model, "--format", "ONE_DOC_PER_LINE",
            "--log-level", "error", "--journal", triage.journal,
        ])
        #expect(result.status == 0, "\(result.errors)")
        let peakKilobytes = try #require(Int(result.errors.split(separator: "\n").last ?? ""))
        // The object is 200 MB; the process stays far below it.
        #expect(peakKilobytes < 150 * 1024, "peak RSS \(peakKilobytes) KB")
        let job = try #require(try JSONSerialization.jsonObject(with: result.output) as? [String: Any]).properties
        #expect(job["DocumentsSucceeded"] as? Int == 100_000)
    }

    @Test func nativeDocumentsAndArchivesAreReadFromS3() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/training.csv", in: folder)
        let bucket = try S3TestServer.makeBucket("triage-native")
        for (fixture, key) in [("mixed-pages.pdf", "in/a.pdf"), ("bundle.zip", "in/b.zip"), ("bundle.tar.gz", "in/c.tar.gz")] {
            try S3TestServer.aws(["s3", "cp", "--quiet", try TestDocuments.path(fixture), "s3://\(bucket)/\(key)"])
        }
        // With a 1,000-byte text limit the archives are large files: copied from S3 to a spool
        // file, then read member by member.
        let job = try await run(triage, [
            "--input", "s3://\(bucket)/in/", "--output", "s3://\(bucket)/out", "--model", model, "--format", "ONE_DOC_PER_FILE",
            "--max-document-bytes", "1000",
        ])
        #expect(job["JobStatus"] as? String == "COMPLETED")
        let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        let local = folder.path + "/output.tar.gz"
        try S3TestServer.aws(["s3", "cp", "--quiet", archive, local])
        let records = try predictions(inArchive: local)
        let members = ["letter.txt", "docs/invoice.pdf", "docs/letter.docx", "scans/receipt.png"]
        #expect(records.map { $0["File"] as? String } == ["a.pdf", "a.pdf"] + members.map { "b.zip/" + $0 } + members.map { "c.tar.gz/" + $0 })
        #expect(records.allSatisfy { $0["Classes"] != nil })
        #expect((records[1]["DocumentType"] as? [[String: Any]])?.first?["Type"] as? String == "SCANNED_PDF")
    }

    @Test func wrongCredentialsAndAMissingBucketFailTheJobNamingTheCause() async throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try await triage.train("samples/sms/train.csv", in: folder)
        let bucket = try S3TestServer.makeBucket("triage-errors")
        try S3TestServer.aws(["s3", "cp", "--quiet", "samples/sms/messages.txt", "s3://\(bucket)/in/messages.txt"])

        let missing = try await run(triage, [
            "--input", "s3://no-such-bucket-\(UUID().uuidString.lowercased().prefix(8))/in/", "--output", "s3://\(bucket)/out",
            "--model", model, "--format", "ONE_DOC_PER_LINE",
        ], status: 1)
        let missingMessage = try #require(missing["Message"] as? String)
        #expect(missingMessage.contains("s3://no-such-bucket-"))
        #expect(missingMessage.contains("the bucket does not exist"))

        // The secret is wrong: the job fails naming the bucket, and never prints the secret.
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_SECRET_ACCESS_KEY"] = "not-the-secret-0123456789"
        environment["TRIAGE_JOURNAL"] = triage.journal
        let result = try await runProgram(TriageBinary.path, [
            "run", "--endpoint-url", S3TestServer.endpoint ?? "", "--input", "s3://\(bucket)/in/", "--output",
            "s3://\(bucket)/out", "--model", model, "--format", "ONE_DOC_PER_LINE",
        ], environment: environment)
        #expect(result.status == 1)
        let job = try #require(try JSONSerialization.jsonObject(with: result.output) as? [String: Any]).properties
        let message = try #require(job["Message"] as? String)
        #expect(message.contains("s3://\(bucket)/in/"))
        #expect(message.contains("SignatureDoesNotMatch") || message.contains("InvalidAccessKeyId") || message.contains("AccessDenied"))
        #expect(!result.stdout.contains("not-the-secret") && !result.errors.contains("not-the-secret"))
    }
}

/// Training data and single documents on S3: `train --data s3://…` and `classify s3://…`.
@Suite(.enabled(if: S3TestServer.isConfigured, "needs the S3 test server that scripts/test starts"))
struct S3TrainAndClassifyTests {
    @Test func trainsFromACsvOrClassFoldersOnS3AndClassifiesAnObject() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let bucket = try S3TestServer.makeBucket("triage-train")
        let endpoint = ["--endpoint-url", S3TestServer.endpoint ?? ""]
        try S3TestServer.aws(["s3", "cp", "--quiet", "samples/sms/train.csv", "s3://\(bucket)/data/train.csv"])
        let model = folder.path + "/from-csv.triage"
        let metrics = try triage.json(["train", "--data", "s3://\(bucket)/data/train.csv", "--model", model] + endpoint)
        let local = try triage.json(["train", "--data", "samples/sms/train.csv", "--model", folder.path + "/local.triage"])
        #expect(metrics["NumberOfTrainedDocuments"] as? Int == local["NumberOfTrainedDocuments"] as? Int)
        #expect(try Data(contentsOf: URL(fileURLWithPath: model)) == Data(contentsOf: URL(fileURLWithPath: folder.path + "/local.triage")))

        // One folder per class under a prefix.
        for (label, texts) in [("spam", ["WIN a free prize now, claim cash", "Urgent! You won a free holiday, txt CLAIM"]),
                               ("ham", ["see you at dinner later mum", "can you call me back tonight"])] {
            for (index, text) in texts.enumerated() {
                try folder.write("classes/\(label)/\(index).txt", text)
            }
        }
        try S3TestServer.aws(["s3", "cp", "--quiet", "--recursive", folder.path + "/classes", "s3://\(bucket)/classes/"])
        let folderModel = folder.path + "/from-folders.triage"
        let trained = try triage.json(["train", "--data", "s3://\(bucket)/classes/", "--model", folderModel] + endpoint)
        #expect(trained["NumberOfLabels"] as? Int == 2)

        try folder.write("doc.txt", "Congratulations, you won a free prize, claim it now")
        try S3TestServer.aws(["s3", "cp", "--quiet", folder.path + "/doc.txt", "s3://\(bucket)/inbox/doc.txt"])
        let result = try triage.run(["classify", "--model", model, "s3://\(bucket)/inbox/doc.txt"] + endpoint)
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.stdout.hasPrefix(#"{"File": "doc.txt", "Classes": [{"Name": "spam""#))
        let missing = try triage.run(["classify", "--model", model, "s3://\(bucket)/inbox/nothing.txt"] + endpoint)
        #expect(missing.status == 2 && missing.errors.contains("s3://\(bucket)/inbox/nothing.txt matches no object"))
    }
}

/// The job lifecycle on S3: a watched prefix, and a job killed mid-way that resumes with ranged reads.
@Suite(.enabled(if: S3TestServer.isConfigured, "needs the S3 test server that scripts/test starts"))
struct S3LifecycleTests {
    @Test func watchingAnS3PrefixClassifiesOnlyNewOrChangedObjects() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/training.csv", in: folder)
        let bucket = try S3TestServer.makeBucket("triage-watch")
        for name in ["a", "b", "c"] {
            try folder.write("\(name).txt", "Invoice \(name): amount due 100 EUR")
            try S3TestServer.aws(["s3", "cp", "--quiet", folder.path + "/\(name).txt", "s3://\(bucket)/in/\(name).txt"])
        }
        let watch = [
            "watch", "--once", "--endpoint-url", S3TestServer.endpoint ?? "", "--input", "s3://\(bucket)/in/", "--output",
            "s3://\(bucket)/out", "--model", model, "--log-level", "error",
        ]
        func lastJobFiles() throws -> [String] {
            let jobs = try triage.json(["list-jobs"])["DocumentClassificationJobPropertiesList"] as? [[String: Any]] ?? []
            let archive = try #require((jobs.last?["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
            try S3TestServer.aws(["s3", "cp", "--quiet", archive, folder.path + "/last.tar.gz"])
            return try predictions(inArchive: folder.path + "/last.tar.gz").compactMap { $0["File"] as? String }
        }
        func jobCount() throws -> Int {
            (try triage.json(["list-jobs"])["DocumentClassificationJobPropertiesList"] as? [[String: Any]] ?? []).count
        }
        #expect(try triage.run(watch).status == 0)
        #expect(try lastJobFiles() == ["a.txt", "b.txt", "c.txt"])
        #expect(try triage.run(watch).status == 0)
        #expect(try jobCount() == 1)
        // A new object, and one replaced with new contents (a new ETag).
        try folder.write("d.txt", "Dear customer, thank you for your letter")
        try S3TestServer.aws(["s3", "cp", "--quiet", folder.path + "/d.txt", "s3://\(bucket)/in/d.txt"])
        try folder.write("a.txt", "Receipt: card payment 12.50 EUR, thank you")
        try S3TestServer.aws(["s3", "cp", "--quiet", folder.path + "/a.txt", "s3://\(bucket)/in/a.txt"])
        #expect(try triage.run(watch).status == 0)
        #expect(try jobCount() == 2)
        #expect(try lastJobFiles() == ["a.txt", "d.txt"])
    }

    @Test func anS3JobKilledMidwayResumesFromItsCheckpoint() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/sms/train.csv", in: folder)
        let bucket = try S3TestServer.makeBucket("triage-resume")
        let line = "call me back about the prize draw tomorrow, see you at dinner later"
        try folder.write("lines.txt", (0..<120_000).map { "\(line) \($0 % 97)" }.joined(separator: "\n"))
        try S3TestServer.aws(["s3", "cp", "--quiet", folder.path + "/lines.txt", "s3://\(bucket)/in/lines.txt"])
        let endpoint = ["--endpoint-url", S3TestServer.endpoint ?? ""]
        let reference = try triage.json(["run"] + endpoint + [
            "--input", "s3://\(bucket)/in/", "--output", folder.path + "/reference", "--model", model, "--format", "ONE_DOC_PER_LINE",
            "--log-level", "error",
        ]).properties
        let expected = try predictionLines(inArchive: try #require((reference["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String))

        let started = try triage.json(["start-job", "--document-classifier-arn", model, "--input-data-config",
            "S3Uri=s3://\(bucket)/in/,InputFormat=ONE_DOC_PER_LINE", "--output-data-config", "S3Uri=s3://\(bucket)/out"])
        let jobId = try #require(started["JobId"] as? String)
        let worker = try triage.start(["watch", "--once", "--checkpoint-interval", "0.05", "--log-level", "error"] + endpoint, in: folder)
        #expect(try eventually(seconds: 60) {
            try triage.journalRecords().contains { $0["JobId"] as? String == jobId && $0["Checkpoint"] != nil } || !worker.isRunning
        })
        worker.send(SIGKILL)
        _ = worker.wait(seconds: 10)
        #expect(try triage.run(["watch", "--once", "--log-level", "error"] + endpoint).status == 0)
        let job = try triage.json(["describe-job", jobId]).properties
        #expect(job["JobStatus"] as? String == "COMPLETED")
        let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        try S3TestServer.aws(["s3", "cp", "--quiet", archive, folder.path + "/resumed.tar.gz"])
        #expect(try predictionLines(inArchive: folder.path + "/resumed.tar.gz") == expected)
    }
}

/// S3 failures that need no server.
@Suite struct S3UnreachableJobTests {
    @Test func anUnreachableEndpointFailsTheJobInSecondsNamingTheBucket() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/sms/train.csv", in: folder)
        // Port 9 (discard) on loopback: nothing listens, so every connection is refused. The
        // client's own retries (5 attempts, backoff from 100 ms) decide; the HTTP pool used to
        // re-dial each refused attempt until its deadline, which took minutes.
        let started = ContinuousClock.now
        let job = try triage.json([
            "run", "--endpoint-url", "http://127.0.0.1:9", "--input", "s3://some-bucket/in/", "--output", folder.path + "/out",
            "--model", model, "--format", "ONE_DOC_PER_LINE", "--log-level", "error",
        ], status: 1).properties
        #expect(started.duration(to: .now) < .seconds(30))
        let message = try #require(job["Message"] as? String)
        #expect(message.contains("s3://some-bucket/in/"))
        #expect(message.contains("the server could not be reached (gave up after 5 attempts)"))
    }
}

/// On CI the S3 tests must run, not be skipped: scripts/test starts the server.
@Suite struct S3TestServerOnCI {
    @Test func theServerIsConfiguredWhenCIRuns() {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            #expect(S3TestServer.isConfigured, "CI runs scripts/test, which starts SeaweedFS and exports TRIAGE_TEST_S3_ENDPOINT")
        }
    }
}
