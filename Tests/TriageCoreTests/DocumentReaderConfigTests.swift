import Foundation
import Testing
@testable import TriageCore

@Suite struct DocumentReaderConfigTests {
    @Test func parsesTheAWSCLIShorthandWithAListOfFeatureTypes() throws {
        let config = try DocumentReaderConfig.parse(
            "DocumentReadAction=TEXTRACT_ANALYZE_DOCUMENT,DocumentReadMode=FORCE_DOCUMENT_READ_ACTION,FeatureTypes=TABLES,FORMS")
        #expect(config == DocumentReaderConfig(
            documentReadAction: .analyzeDocument, documentReadMode: .forceDocumentReadAction, featureTypes: [.tables, .forms]))
    }

    @Test func parsesJSONAndDefaultsWhatIsAbsent() throws {
        let config = try DocumentReaderConfig.parse(#"{"DocumentReadMode": "FORCE_DOCUMENT_READ_ACTION"}"#)
        #expect(config.documentReadMode == .forceDocumentReadAction)
        #expect(config.documentReadAction == .detectDocumentText)
        #expect(config.featureTypes.isEmpty)
        #expect(try DocumentReaderConfig.parse("DocumentReadMode=SERVICE_DEFAULT") == DocumentReaderConfig())
    }

    @Test func refusesUnknownSettingsValuesAndFeatureTypesWithoutAnalyzeDocument() {
        let unknownValue = #expect(throws: TriageError.self) { try DocumentReaderConfig.parse("DocumentReadMode=ALWAYS") }
        #expect(unknownValue?.message.contains("SERVICE_DEFAULT, FORCE_DOCUMENT_READ_ACTION") == true)
        #expect(throws: TriageError.self) { try DocumentReaderConfig.parse("ReadMode=SERVICE_DEFAULT") }
        #expect(throws: TriageError.self) { try DocumentReaderConfig.parse("SERVICE_DEFAULT") }
        #expect(throws: TriageError.self) { try DocumentReaderConfig.parse(#"{"DocumentReadMode": 3}"#) }
        let features = #expect(throws: TriageError.self) { try DocumentReaderConfig.parse("FeatureTypes=TABLES") }
        #expect(features?.message.contains("TEXTRACT_ANALYZE_DOCUMENT") == true)
    }

    @Test func encodesComprehendsKeysAndLeavesOutEmptyFeatureTypes() throws {
        let data = try JSONCoding.lineEncoder().encode(DocumentReaderConfig(documentReadMode: .forceDocumentReadAction))
        #expect(String(decoding: data, as: UTF8.self)
            == #"{"DocumentReadAction":"TEXTRACT_DETECT_DOCUMENT_TEXT","DocumentReadMode":"FORCE_DOCUMENT_READ_ACTION"}"#)
    }
}
