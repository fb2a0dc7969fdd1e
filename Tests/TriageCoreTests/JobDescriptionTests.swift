import Foundation
import Testing
@testable import TriageCore

@Suite struct JobDescriptionTests {
    @Test func encodesComprehendFieldNamesAndTheArchivePathOnceCompleted() throws {
        let spec = JobSpec(
            jobId: "abc", jobName: "nightly", inputURI: "/in/", inputFormat: .oneDocPerLine,
            outputURI: "/out/", modelPath: "/models/m.triage", owner: "acme")
        var (state, _) = JobState.submit(spec, at: Date(timeIntervalSince1970: 0))
        let before = try JSONSerialization.jsonObject(with: JSONCoding.prettyEncoder().encode(JobDescription(state))) as? [String: Any]
        #expect((before?["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String == "/out/")
        _ = try state.transition(.start(), at: Date(timeIntervalSince1970: 1))
        _ = try state.transition(.complete(outputArchive: "/out/x/output/output.tar.gz", succeeded: 2, failed: 1), at: Date(timeIntervalSince1970: 2.5))
        let data = try JSONCoding.prettyEncoder().encode(JobDescription(state))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["JobId"] as? String == "abc")
        #expect(object["JobName"] as? String == "nightly")
        #expect(object["JobStatus"] as? String == "COMPLETED")
        #expect(object["SubmitTime"] as? String == "1970-01-01T00:00:00.000Z")
        #expect(object["EndTime"] as? String == "1970-01-01T00:00:02.500Z")
        #expect(object["DocumentClassifierArn"] as? String == "/models/m.triage")
        #expect(object["JobArn"] as? String == "arn:triage:comprehend:local:acme:document-classification-job/abc")
        let input = try #require(object["InputDataConfig"] as? [String: Any])
        #expect(input["S3Uri"] as? String == "/in/")
        #expect(input["InputFormat"] as? String == "ONE_DOC_PER_LINE")
        #expect((object["OutputDataConfig"] as? [String: Any])?["S3Uri"] as? String == "/out/x/output/output.tar.gz")
        #expect(object["DocumentsSucceeded"] as? Int == 2)
        #expect(object["DocumentsFailed"] as? Int == 1)
        #expect(object["Message"] == nil)
    }

    @Test func datesRoundTripThroughTheJournalCoding() throws {
        let event = JobEvent(jobId: "j", status: .failed, time: Date(timeIntervalSince1970: 1_700_000_000.25), message: "why")
        let data = try JSONCoding.lineEncoder().encode(event)
        #expect(!data.contains(0x0A))
        let back = try JSONCoding.decoder().decode(JobEvent.self, from: data)
        #expect(back == event)
    }
}
