import Testing

@testable import TriageModel

@Suite struct ModelBodyTests {
    @Test func paddsRowsToAPowerOfTwoUpTo64BytesThenToMultiplesOf64() {
        #expect(ModelBody.stride(classes: 2) == 2)
        #expect(ModelBody.stride(classes: 30) == 32)
        #expect(ModelBody.stride(classes: 33) == 64)
        #expect(ModelBody.stride(classes: 64) == 64)
        #expect(ModelBody.stride(classes: 65) == 128)
        #expect(ModelBody.stride(classes: 200) == 256)
    }

    @Test func noRowStraddlesMoreCacheLinesThanItsSizeNeeds() throws {
        for classes in [2, 5, 17, 30, 53, 64, 65, 130] {
            let layout = try #require(ModelBody(buckets: 1000, classes: classes))
            #expect(layout.rowsOffset % 64 == 0 && layout.bucketsOffset % 64 == 0)
            #expect(layout.rowStride >= classes)
            let lines = (layout.rowStride + 63) / 64
            for bucket in 0..<layout.buckets {
                let start = layout.rowsOffset + bucket * layout.rowStride
                let end = start + classes - 1
                #expect(end / 64 - start / 64 + 1 <= lines, "classes \(classes), bucket \(bucket)")
            }
        }
    }

    @Test func fillsTheBucketTableAndQuantisedRows() throws {
        let layout = try #require(ModelBody(buckets: 3, classes: 3))
        let weights: [Float] = [1, -2, 0.5, 0, 0, 0, 0.1, 0.2, -0.3]
        let bias: [Float] = [0.5, -0.5, 0]
        let body = UnsafeMutableRawPointer.allocate(byteCount: layout.byteCount, alignment: 64)
        defer { body.deallocate() }
        weights.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                layout.fill(body, weights: w.baseAddress!, bias: b.baseAddress!, idf: [1.5, 0, 2.5])
            }
        }
        let table = (body + layout.bucketsOffset).assumingMemoryBound(to: Float.self)
        #expect(table[0] == 1.5 && table[2] == 0 && table[4] == 2.5)
        #expect(table[1] == 2 / 127 && table[3] == 0)
        let row = (body + layout.rowsOffset).assumingMemoryBound(to: Int8.self)
        #expect(Array(UnsafeBufferPointer(start: row, count: 3)) == [64, -127, 32])
        let last = (body + layout.rowsOffset + 2 * layout.rowStride).assumingMemoryBound(to: Int8.self)
        #expect(last[2] == -127)
        #expect(body.assumingMemoryBound(to: Float.self)[0] == 0.5)
    }
}
