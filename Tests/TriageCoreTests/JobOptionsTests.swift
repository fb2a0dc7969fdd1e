import Foundation
import Testing
@testable import TriageCore

@Suite struct JobOptionsTests {
    @Test func optionsJournaledBeforeNativeDocumentsDecodeWithTheReadingDefaults() throws {
        let old = #"{"Policy": {"topK": 2, "labelThresholds": {}}, "MaxDocumentBytes": 4096}"#
        let options = try JSONCoding.decoder().decode(JobOptions.self, from: Data(old.utf8))
        #expect(options.maxDocumentBytes == 4096)
        #expect(options.documentReaderConfig == nil && !options.splitPages)
        #expect(options.documentReadMode == .serviceDefault)
        #expect(options.limits == ExtractionLimits())
        let spec = #"{"jobId":"abc","jobName":"n","inputURI":"/in/","inputFormat":"ONE_DOC_PER_FILE","outputURI":"/out/","modelPath":"/m"}"#
        #expect(try JSONCoding.decoder().decode(JobSpec.self, from: Data(spec.utf8)).options == JobOptions())
    }

    @Test func theReaderConfigSplittingAndLimitsRoundTripThroughTheJournalEncoding() throws {
        var limits = ExtractionLimits()
        limits.maxPages = 7
        limits.maxOCRSecondsPerPage = 2.5
        let spec = JobSpec(
            jobId: "abc", jobName: "n", inputURI: "/in/", inputFormat: .oneDocPerFile, outputURI: "/out/", modelPath: "/m",
            options: JobOptions(
                documentReaderConfig: DocumentReaderConfig(documentReadMode: .forceDocumentReadAction), splitPages: true,
                limits: limits))
        let encoded = try JSONCoding.lineEncoder().encode(spec)
        let line = String(decoding: encoded, as: UTF8.self)
        #expect(line.contains(#""SplitPages":true"#) && line.contains(#""MaxPages":7"#))
        let decoded = try JSONCoding.decoder().decode(JobSpec.self, from: encoded)
        #expect(decoded == spec)
        #expect(decoded.options.documentReadMode == .forceDocumentReadAction)
        // Without a reader configuration none is written, so descriptions show none.
        let plain = try JSONCoding.lineEncoder().encode(JobOptions())
        #expect(!String(decoding: plain, as: UTF8.self).contains("DocumentReaderConfig"))
    }

    @Test func limitsMissingSomeKeysTakeTheirDefaultsAndBadLimitsAreRefused() throws {
        let limits = try JSONCoding.decoder().decode(ExtractionLimits.self, from: Data(#"{"MaxPages": 3}"#.utf8))
        #expect(limits.maxPages == 3)
        #expect(limits.maxArchiveBytes == ExtractionLimits.defaultMaxArchiveBytes)
        var bad = ExtractionLimits()
        bad.maxArchiveMembers = 0
        let error = #expect(throws: TriageError.self) { try bad.validate() }
        #expect(error?.message.contains("--max-archive-members") == true)
        bad = ExtractionLimits()
        bad.maxOCRSecondsPerPage = 0
        #expect(throws: TriageError.self) { try bad.validate() }
    }

    @Test func aJobRequestReadsDocumentReaderConfigFromInputDataConfig() throws {
        let json = #"{"InputDataConfig": {"S3Uri": "s3://b/in/", "InputFormat": "ONE_DOC_PER_FILE", "DocumentReaderConfig": {"DocumentReadAction": "TEXTRACT_DETECT_DOCUMENT_TEXT", "DocumentReadMode": "FORCE_DOCUMENT_READ_ACTION"}}}"#
        let request = try JSONDecoder().decode(JobRequest.self, from: Data(json.utf8))
        #expect(request.inputDataConfig?.documentReaderConfig?.documentReadMode == .forceDocumentReadAction)
    }
}
