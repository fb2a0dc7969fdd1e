import Testing
import TriageCore
import TriageTestSupport
@testable import TriageExtract

@Suite struct WordReadingTests {
    @Test(arguments: ["letter.docx", "letter.odt"])
    func aWordDocumentIsOnePageOfItsParagraphs(_ name: String) throws {
        let read = try pages(name)
        #expect(read.count == 1)
        #expect(read[0].info.type == .msWord)
        #expect(text(read[0]) == """
            Garden festival
            Dear Mr Patel,
            Thank you for your kind letter about the garden festival.
            We were delighted that you could join us and hope to see you again next summer.
            Yours sincerely,
            Margaret Hughes

            """)
    }

    @Test func anEmptyWordDocumentHasAnEmptyPage() throws {
        let read = try pages("empty.docx")
        #expect(read[0].info.error?.code == DocumentError.emptyPageCode)
    }

    @Test func anOfficePackageWithoutAWordDocumentIsUnsupported() throws {
        let error = try documentError("workbook.xlsx")
        #expect(error.code == DocumentError.unsupportedTypeCode)
        #expect(error.message.contains("an Excel workbook"))
    }

    @Test func aDamagedWordFileIsInvalid() throws {
        var docx = try TestDocuments.bytes("letter.docx")
        docx.replaceSubrange(200..<docx.count, with: [UInt8](repeating: 0, count: docx.count - 200))
        let result = DocumentReader.read(docx, options: options(), engines: OCREngines())
        #expect(result.failureCode == DocumentError.invalidDocumentCode)
    }

    @Test func wordprocessingTextKeepsRunsTabsAndBreaksAndDropsDeletionsAndTabStops() {
        let xml = """
            <w:document><w:body><w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>\
            <w:r><w:t xml:space="preserve">Total </w:t></w:r><w:r><w:tab/><w:t>5 &amp; 6 &lt;7&gt; &#233;&#x20AC;</w:t></w:r>\
            <w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>\
            <w:p><w:r><w:t>a</w:t><w:br/><w:t>b</w:t></w:r></w:p><w:p/></w:body></w:document>
            """
        #expect(String(decoding: OfficeText.wordprocessing(Array(xml.utf8)), as: UTF8.self) == "Total \t5 & 6 <7> é€\na\nb\n")
    }

    @Test func openDocumentTextKeepsParagraphsSpacesAndDropsComments() {
        let xml = """
            <office:document-content><office:body><office:text><text:h text:outline-level="1">Title</text:h>\
            <text:p>one<text:s text:c="3"/>two<text:tab/>three<text:line-break/>four\
            <office:annotation><text:p>a comment</text:p></office:annotation></text:p><text:p/>\
            <text:p><![CDATA[x<y]]></text:p></office:text></office:body></office:document-content>
            """
        #expect(String(decoding: OfficeText.openDocument(Array(xml.utf8)), as: UTF8.self) == "Title\none   two\tthree\nfour\n\nx<y\n")
    }

    @Test func malformedXMLNeverTraps() {
        for xml in ["<w:t>open", "<w:t", "&#xZZ; &unknown; &", "<!-- unterminated", "<![CDATA[ open", "</w:p></w:p>"] {
            let text = OfficeText.wordprocessing(Array(xml.utf8))
            #expect(text.count <= xml.utf8.count)
        }
        #expect(OfficeText.decodeEntities(Array("&#xZZ; &unknown; &".utf8)[...]) == Array("&#xZZ; &unknown; &".utf8))
    }
}
