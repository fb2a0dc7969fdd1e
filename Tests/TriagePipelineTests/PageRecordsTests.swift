import Testing
import TriageCore
import TriageModel
@testable import TriagePipeline

@Suite struct PageRecordsTests {
    let labels = ["INVOICE", "LETTER", "RECEIPT"]

    func page(_ number: Int, _ scores: [Float]?, error: String? = nil) -> PageRecords.ScoredPage {
        PageRecords.ScoredPage(
            info: PageInfo(number: number, type: .scannedPDF, characters: 100, error: error.map { DocumentError(code: $0, message: "m") }),
            scores: scores)
    }

    func ranges(_ records: [Prediction]) -> [String] {
        records.map { record in
            let pages = record.pages?.pages.map(\.number) ?? []
            let name: String
            switch record.outcome {
            case let .scores(scores, _): name = scores.first?.name ?? "-"
            case let .failed(error): name = error.code
            }
            return "\(pages.first ?? 0)-\(pages.last ?? 0) \(name)"
        }
    }

    @Test func withoutSplittingEachPageIsARecord() {
        let records = PageRecords.records(
            [page(1, [0.9, 0.05, 0.05]), page(2, [0.8, 0.1, 0.1])], sequence: 7, file: "a.pdf", labels: labels,
            mode: .multiClass, policy: DecisionPolicy(), splitPages: false)
        #expect(ranges(records) == ["1-1 INVOICE", "2-2 INVOICE"])
        #expect(records.allSatisfy { $0.sequence == 7 && $0.pages?.isRange == false && $0.pages?.pageCount == 2 })
    }

    @Test func aBundleOfFourDocumentsSplitsIntoFourRanges() {
        let pages = [
            page(1, [0.9, 0.05, 0.05]), page(2, [0.7, 0.2, 0.1]),  // an invoice on two pages
            page(3, [0.1, 0.1, 0.8]),  // a receipt
            page(4, [0.1, 0.8, 0.1]),  // a letter
            page(5, [0.2, 0.1, 0.7]),  // another receipt
        ]
        let records = PageRecords.records(
            pages, sequence: 0, file: "bundle.pdf", labels: labels, mode: .multiClass, policy: DecisionPolicy(), splitPages: true)
        #expect(ranges(records) == ["1-2 INVOICE", "3-3 RECEIPT", "4-4 LETTER", "5-5 RECEIPT"])
        #expect(records.allSatisfy { $0.pages?.isRange == true && $0.pages?.pageCount == 5 })
        // The range's scores are the mean of its pages'.
        guard case let .scores(scores, _) = records[0].outcome else {
            Issue.record("the invoice range has no scores")
            return
        }
        #expect(abs(scores[0].score - 0.8) < 1e-6)
    }

    @Test func aPageWithAnErrorIsARecordOfItsOwnAndBreaksARange() {
        let pages = [page(1, [0.9, 0.05, 0.05]), page(2, nil, error: "EMPTY_PAGE"), page(3, [0.9, 0.05, 0.05])]
        let records = PageRecords.records(
            pages, sequence: 0, file: "a.pdf", labels: labels, mode: .multiClass, policy: DecisionPolicy(), splitPages: true)
        #expect(ranges(records) == ["1-1 INVOICE", "2-2 EMPTY_PAGE", "3-3 INVOICE"])
    }

    @Test func pagesUnderTheMinimumScoreGroupAsTheFallbackClass() {
        let policy = DecisionPolicy(minimumScore: 0.6, fallbackClass: "OTHER")
        let pages = [page(1, [0.5, 0.3, 0.2]), page(2, [0.4, 0.35, 0.25]), page(3, [0.9, 0.05, 0.05])]
        let records = PageRecords.records(
            pages, sequence: 0, file: "a.pdf", labels: labels, mode: .multiClass, policy: policy, splitPages: true)
        #expect(ranges(records) == ["1-2 OTHER", "3-3 INVOICE"])
    }

    @Test func multiLabelPagesGroupBySameSetOfLabels() {
        let policy = DecisionPolicy(minimumScore: 0.5)
        let pages = [page(1, [0.9, 0.6, 0.1]), page(2, [0.7, 0.9, 0.2]), page(3, [0.9, 0.1, 0.1])]
        let groups = PageRecords.groups(pages, labels: labels, mode: .multiLabel, policy: policy)
        #expect(groups.map { $0.map(\.info.number) } == [[1, 2], [3]])
    }

    @Test func theMeanKeepsTheClassEveryPageShares() {
        let mean = PageRecords.mean([[1, 0], [0.6, 0.4], [0.8, 0.2]])
        #expect(abs(mean[0] - 0.8) < 1e-6 && abs(mean[1] - 0.2) < 1e-6)
        #expect(PageRecords.mean([]) == [])
    }
}
