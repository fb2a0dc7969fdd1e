import Foundation
import Testing
import TriageTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The job lifecycle through the built binary: start-job, describe-job, list-jobs, stop-job,
/// watch (daemon and --once), and jobs killed with SIGKILL or stopped with SIGTERM that the next
/// start finishes with exactly the records of an uninterrupted run.
@Suite struct JobLifecycleTests {
    /// `lines` SMS-like lines in two files under `folder/name/`, a few of them blank or invalid.
    func writeInput(_ folder: TemporaryFolder, _ name: String, lines: Int) throws -> String {
        let words = ["call", "me", "back", "prize", "winner", "claim", "now", "see", "you", "tonight", "free", "txt",
                     "dinner", "love", "urgent", "cash", "mum", "home", "later", "offer"]
        var generator = SplitMix(seed: 11)
        for part in 0..<2 {
            var text = ""
            for line in 0..<lines / 2 {
                if line % 500 == 7 {
                    text += "\n"
                    continue
                }
                let count = 5 + Int(generator.next() % 30)
                text += (0..<count).map { _ in words[Int(generator.next() % UInt64(words.count))] }.joined(separator: " ")
                text += line % 3 == 0 ? "\r\n" : "\n"
            }
            try folder.write("\(name)/part-\(part).txt", text)
        }
        return folder.path + "/\(name)/"
    }

    /// A small deterministic generator, so the input is the same in every run.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    func startJob(_ triage: TriageBinary, input: String, output: String, model: String, token: String? = nil, extra: [String] = []) throws -> [String: Any] {
        try triage.json(
            ["start-job", "--document-classifier-arn", model, "--input-data-config", "S3Uri=\(input),InputFormat=ONE_DOC_PER_LINE",
             "--output-data-config", "S3Uri=\(output)", "--log-level", "error"]
            + (token.map { ["--client-request-token", $0] } ?? []) + extra)
    }

    func describe(_ triage: TriageBinary, _ jobId: String) throws -> [String: Any] {
        try triage.json(["describe-job", jobId]).properties
    }

    /// Whether the journal holds a checkpoint of `jobId` past `documents` records.
    func checkpointed(_ triage: TriageBinary, _ jobId: String, past documents: Int = 0) throws -> Bool {
        try triage.journalRecords().contains { record in
            record["JobId"] as? String == jobId && ((record["Checkpoint"] as? [String: Any])?["Documents"] as? Int ?? -1) > documents
        }
    }

    /// The records of an uninterrupted run over `input`, for comparison.
    func reference(_ triage: TriageBinary, input: String, model: String, in folder: TemporaryFolder) throws -> [String] {
        let job = try triage.json([
            "run", "--input", input, "--output", folder.path + "/reference", "--model", model, "--format", "ONE_DOC_PER_LINE",
            "--log-level", "error",
        ]).properties
        return try predictionLines(inArchive: try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String))
    }

    @Test func startJobSubmitsOnceAndWatchOnceRunsIt() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/sms/train.csv", in: folder)
        let input = try writeInput(folder, "in", lines: 200)
        let started = try startJob(triage, input: input, output: folder.path + "/out", model: model, token: "t-1",
                                   extra: ["--job-name", "nightly", "--tags", "Key=team,Value=ops", "Key=env,Value=test"])
        #expect(Set(started.keys) == ["JobId", "JobArn", "JobStatus"])
        #expect(started["JobStatus"] as? String == "SUBMITTED")
        let jobId = try #require(started["JobId"] as? String)
        // The same token is the same job; another token another job.
        #expect(try startJob(triage, input: input, output: folder.path + "/out", model: model, token: "t-1",
                             extra: ["--job-name", "nightly", "--tags", "Key=team,Value=ops", "Key=env,Value=test"])["JobId"] as? String == jobId)
        let second = try #require(try startJob(triage, input: input, output: folder.path + "/out", model: model, token: "t-2")["JobId"] as? String)
        #expect(second != jobId)
        #expect(try describe(triage, jobId)["JobStatus"] as? String == "SUBMITTED")

        let pass = try triage.run(["watch", "--once", "--log-level", "error"])
        #expect(pass.status == 0, "\(pass.errors)")
        let done = try describe(triage, jobId)
        #expect(done["JobStatus"] as? String == "COMPLETED")
        #expect(done["JobName"] as? String == "nightly")
        #expect(done["DocumentsSucceeded"] as? Int == 198)
        #expect(done["DocumentsFailed"] as? Int == 2)
        #expect((done["Model"] as? [String: Any])?["Fingerprint"] as? String != nil)
        #expect((done["Tags"] as? [[String: String]])?.first == ["Key": "team", "Value": "ops"])
        #expect(try describe(triage, second)["JobStatus"] as? String == "COMPLETED")

        // Stopping an ended job is an error that says why.
        let stop = try triage.run(["stop-job", jobId])
        #expect(stop.status == 2)
        #expect(stop.errors.contains("already COMPLETED"))
    }

    @Test func listJobsFiltersAndPages() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/sms/train.csv", in: folder)
        let input = try writeInput(folder, "in", lines: 20)
        var ids: [String] = []
        for index in 0..<5 {
            let started = try startJob(triage, input: input, output: folder.path + "/out", model: model, extra: ["--job-name", index % 2 == 0 ? "even" : "odd"])
            ids.append(try #require(started["JobId"] as? String))
        }
        _ = try triage.json(["stop-job", ids[4]])
        func list(_ arguments: [String]) throws -> (ids: [String], next: String?) {
            let response = try triage.json(["list-jobs"] + arguments)
            let jobs = response["DocumentClassificationJobPropertiesList"] as? [[String: Any]] ?? []
            return (jobs.compactMap { $0["JobId"] as? String }, response["NextToken"] as? String)
        }
        #expect(try list([]).ids == ids)
        #expect(try list(["--filter", "JobName=even"]).ids == [ids[0], ids[2], ids[4]])
        #expect(try list(["--filter", "JobStatus=STOPPED"]).ids == [ids[4]])
        #expect(try list(["--filter", #"{"JobName": "odd", "JobStatus": "SUBMITTED"}"#]).ids == [ids[1], ids[3]])
        #expect(try list(["--filter", "SubmitTimeBefore=2000-01-01T00:00:00Z"]).ids.isEmpty)
        #expect(try list(["--filter", "SubmitTimeAfter=946684800"]).ids == ids)
        // Pages of two, following NextToken.
        var seen: [String] = []
        var token: String?
        repeat {
            let page = try list(["--max-results", "2"] + (token.map { ["--next-token", $0] } ?? []))
            #expect(page.ids.count <= 2)
            seen += page.ids
            token = page.next
        } while token != nil
        #expect(seen == ids)
        #expect(try triage.run(["list-jobs", "--next-token", "bm90LWEtam9i"]).status == 2)
    }

    @Test func aRunKilledWithSigkillIsResumedByWatchOnceWithIdenticalRecords() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/sms/train.csv", in: folder)
        let input = try writeInput(folder, "in", lines: 60_000)
        let expected = try reference(triage, input: input, model: model, in: folder)
        #expect(expected.count == 60_000)

        let started = try startJob(triage, input: input, output: folder.path + "/out", model: model)
        let jobId = try #require(started["JobId"] as? String)
        var kills = 0
        var progress = 0
        for _ in 0..<3 {
            let worker = try triage.start(["watch", "--once", "--checkpoint-interval", "0.05", "--log-level", "error"], in: folder)
            // Kill it once it made progress past the last kill's.
            let moved = try eventually(seconds: 60) { try checkpointed(triage, jobId, past: progress) || !worker.isRunning }
            #expect(moved)
            guard worker.isRunning else { break }
            worker.send(SIGKILL)
            #expect(worker.wait(seconds: 10) == 128 + SIGKILL)
            kills += 1
            progress = try describe(triage, jobId)["DocumentsSucceeded"] as? Int ?? progress
            #expect(try describe(triage, jobId)["JobStatus"] as? String == "IN_PROGRESS")
            #expect(!FileManager.default.fileExists(atPath: folder.path + "/out/local-CLN-\(jobId)/output/output.tar.gz"))
        }
        #expect(kills >= 2)
        let finish = try triage.run(["watch", "--once", "--log-level", "error"])
        #expect(finish.status == 0, "\(finish.errors)")
        let job = try describe(triage, jobId)
        #expect(job["JobStatus"] as? String == "COMPLETED")
        let archive = try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)
        #expect(try predictionLines(inArchive: archive) == expected)
    }

    @Test func sigtermStopsTheDaemonPromptlyAndTheNextStartFinishesTheJob() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/sms/train.csv", in: folder)
        let input = try writeInput(folder, "in", lines: 60_000)
        let expected = try reference(triage, input: input, model: model, in: folder)
        let jobId = try #require(try startJob(triage, input: input, output: folder.path + "/out", model: model)["JobId"] as? String)

        let daemon = try triage.start(["watch", "--interval", "1", "--checkpoint-interval", "0.1"], in: folder)
        #expect(try eventually(seconds: 60) { try checkpointed(triage, jobId) || !daemon.isRunning })
        daemon.send(SIGTERM)
        let status = daemon.wait(seconds: 20)
        #expect(status != nil, "the daemon did not exit within 20 s of SIGTERM")
        let state = try describe(triage, jobId)
        if state["JobStatus"] as? String == "IN_PROGRESS" {
            // Interrupted mid-job: it says so, and the checkpoint holds what it wrote.
            #expect(status == 75)
            #expect(daemon.errors.contains("job interrupted; the next start resumes it"))
        }
        let finish = try triage.run(["watch", "--once", "--log-level", "error"])
        #expect(finish.status == 0, "\(finish.errors)")
        let job = try describe(triage, jobId)
        #expect(job["JobStatus"] as? String == "COMPLETED")
        #expect(try predictionLines(inArchive: try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String)) == expected)
    }

    @Test func aSecondWatchOnceLeavesARunningJobAlone() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/sms/train.csv", in: folder)
        let input = try writeInput(folder, "in", lines: 60_000)
        let jobId = try #require(try startJob(triage, input: input, output: folder.path + "/out", model: model)["JobId"] as? String)
        let first = try triage.start(["watch", "--once", "--checkpoint-interval", "0.1"], in: folder)
        #expect(try eventually(seconds: 60) { try checkpointed(triage, jobId) || !first.isRunning })
        let second = try triage.run(["watch", "--once"])
        #expect(second.status == 0)
        if first.isRunning {
            #expect(second.errors.contains("skipping a job another process is running"))
            #expect(second.errors.contains("is being run by another process (\(first.pid)@"))
        }
        #expect(first.wait(seconds: 120) == 0, "\(first.errors)")
        let job = try describe(triage, jobId)
        #expect(job["JobStatus"] as? String == "COMPLETED")
        #expect((job["DocumentsSucceeded"] as? Int ?? 0) + (job["DocumentsFailed"] as? Int ?? 0) == 60_000)
        let completions = try triage.journalRecords().filter { $0["JobId"] as? String == jobId && $0["JobStatus"] as? String == "COMPLETED" }
        #expect(completions.count == 1)
    }

    @Test func stopJobEndsARunningJobStoppedWithTheRecordsWrittenSoFar() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/sms/train.csv", in: folder)
        let input = try writeInput(folder, "in", lines: 300_000)
        let expected = try reference(triage, input: input, model: model, in: folder)
        let runner = try triage.start([
            "run", "--input", input, "--output", folder.path + "/out", "--model", model, "--format", "ONE_DOC_PER_LINE",
            "--checkpoint-interval", "0.1",
        ], in: folder)
        var jobId = ""
        #expect(try eventually(seconds: 60) {
            jobId = try triage.journalRecords().first?["JobId"] as? String ?? ""
            return try (!jobId.isEmpty && checkpointed(triage, jobId)) || !runner.isRunning
        })
        let stop = try triage.run(["stop-job", jobId, "--wait"])
        // Exit 2 only if the job had already COMPLETED.
        let ended = stop.status == 0
            ? try #require((try JSONSerialization.jsonObject(with: stop.output) as? [String: Any])?["JobStatus"] as? String)
            : "COMPLETED"
        let status = runner.wait(seconds: 60)
        let job = try describe(triage, jobId)
        let records = try predictionLines(inArchive: try #require((job["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String))
        if ended == "STOPPED" {
            #expect(status == 3)
            #expect(records.count < expected.count)
            #expect(records == Array(expected.prefix(records.count)))
            #expect(records.count == (job["DocumentsSucceeded"] as? Int ?? 0) + (job["DocumentsFailed"] as? Int ?? 0))
        } else {
            // It finished first.
            #expect(ended == "COMPLETED")
            #expect(records == expected)
        }
    }

    @Test func sigintInterruptsAForegroundRunAndProgressIsLoggedWhenNotOnATerminal() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/sms/train.csv", in: folder)
        let input = try writeInput(folder, "in", lines: 300_000)
        let runner = try triage.start([
            "run", "--input", input, "--output", folder.path + "/out", "--model", model, "--format", "ONE_DOC_PER_LINE",
            "--checkpoint-interval", "0.1", "--progress-interval", "0.1",
        ], in: folder)
        var jobId = ""
        #expect(try eventually(seconds: 60) {
            jobId = try triage.journalRecords().first?["JobId"] as? String ?? ""
            return try (!jobId.isEmpty && checkpointed(triage, jobId)) || !runner.isRunning
        })
        runner.send(SIGINT)
        let status = runner.wait(seconds: 20)
        #expect(status == 75 || status == 0)
        // Standard error is a file here: progress comes as log lines.
        #expect(runner.errors.contains("progress"))
        #expect(runner.errors.contains("documents_per_second="))
        #expect(runner.errors.contains("seconds_left="))
        let finish = try triage.run(["watch", "--once", "--log-level", "error"])
        #expect(finish.status == 0)
        #expect(try describe(triage, jobId)["JobStatus"] as? String == "COMPLETED")
    }

    @Test func aTornLastJournalLineIsIgnoredAndCutOffByTheNextWrite() throws {
        let folder = try TemporaryFolder()
        let triage = TriageBinary(in: folder)
        let model = try triage.train("samples/sms/train.csv", in: folder)
        let input = try writeInput(folder, "in", lines: 10)
        let jobId = try #require(try startJob(triage, input: input, output: folder.path + "/out", model: model)["JobId"] as? String)
        let handle = try #require(FileHandle(forWritingAtPath: triage.journal))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"JobId":"\#(jobId)","JobStatus":"COMPL"#.utf8))
        try handle.close()
        #expect(try describe(triage, jobId)["JobStatus"] as? String == "SUBMITTED")
        #expect(try triage.run(["watch", "--once", "--log-level", "error"]).status == 0)
        #expect(try describe(triage, jobId)["JobStatus"] as? String == "COMPLETED")
        let text = try String(contentsOfFile: triage.journal, encoding: .utf8)
        #expect(text.hasSuffix("\n") && !text.contains(#""COMPL""#))
    }
}
