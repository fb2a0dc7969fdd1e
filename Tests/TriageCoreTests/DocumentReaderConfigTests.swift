import Foundation
import Testing
@testable import TriageCore

@Suite struct DocumentReaderConfigTests {
    @Test func decodesComprehendsJSONAndDefaultsWhatIsAbsent() throws {
        let config = try JSONDecoder().decode(DocumentReaderConfig.self, from: Data(#"{"DocumentReadMode": "FORCE_DOCUMENT_READ_ACTION"}"#.utf8))
        #expect(config.documentReadMode == .forceDocumentReadAction)
        #expect(config.documentReadAction == .detectDocumentText)
        #expect(config.featureTypes.isEmpty)
        let full = try JSONDecoder().decode(DocumentReaderConfig.self, from: Data(#"""
            {"DocumentReadAction": "TEXTRACT_ANALYZE_DOCUMENT", "DocumentReadMode": "SERVICE_DEFAULT", "FeatureTypes": ["TABLES", "FORMS"]}
            """#.utf8))
        #expect(full == DocumentReaderConfig(documentReadAction: .analyzeDocument, featureTypes: [.tables, .forms]))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(DocumentReaderConfig.self, from: Data(#"{"DocumentReadMode": "ALWAYS"}"#.utf8))
        }
    }

    @Test func featureTypesNeedAnalyzeDocumentAsComprehendRequires() throws {
        let error = #expect(throws: TriageError.self) { try DocumentReaderConfig(featureTypes: [.tables]).validate() }
        #expect(error?.message.contains("TEXTRACT_ANALYZE_DOCUMENT") == true)
        try DocumentReaderConfig(documentReadAction: .analyzeDocument, featureTypes: [.forms]).validate()
    }

    @Test func encodesComprehendsKeysAndLeavesOutEmptyFeatureTypes() throws {
        let data = try JSONCoding.lineEncoder().encode(DocumentReaderConfig(documentReadMode: .forceDocumentReadAction))
        #expect(String(decoding: data, as: UTF8.self)
            == #"{"DocumentReadAction":"TEXTRACT_DETECT_DOCUMENT_TEXT","DocumentReadMode":"FORCE_DOCUMENT_READ_ACTION"}"#)
    }
}
