import Dispatch
import Testing
@testable import TriagePipeline

@Suite struct ClassificationPoolTests {
    @Test func runsAsManyItemsAtOnceAsItsWidth() async {
        // Each item signals its arrival and then waits (on a Dispatch thread, never in async code)
        // for the other to arrive. Only a pool that runs both at once lets both see the other.
        let pool = ClassificationPool(width: 2)
        let arrived = DispatchSemaphore(value: 0)
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    await pool.run {
                        arrived.signal()
                        return arrived.wait(timeout: .now() + 10) == .success
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == [true, true])
    }

    @Test func everyItemResumesItsCallerOnceWithItsOwnResult() async {
        let pool = ClassificationPool(width: 3)
        let values = await withTaskGroup(of: Int.self) { group in
            for value in 0..<200 {
                group.addTask { await pool.run { value * value } }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values.sorted() == (0..<200).map { $0 * $0 })
        #expect(ClassificationPool(width: 0).width == 1)
    }
}
