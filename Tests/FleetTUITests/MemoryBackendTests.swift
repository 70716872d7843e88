import Testing
import FleetTUI

@Suite struct MemoryBackendTests {
    @Test func scriptedInputComesBackInOrder() {
        let backend = MemoryBackend(width: 80, height: 24)
        backend.enqueue(keys: .char("j"), .enter)
        backend.enqueue([.key(.ctrl("c"))])
        #expect(backend.pendingInputCount == 3)
        #expect(backend.nextInput(timeoutMilliseconds: 100) == .key(.char("j")))
        #expect(backend.nextInput(timeoutMilliseconds: 100) == .key(.enter))
        #expect(backend.nextInput(timeoutMilliseconds: 100) == .key(.ctrl("c")))
        #expect(backend.nextInput(timeoutMilliseconds: 100) == nil)
    }

    @Test func resizeChangesSizeAndQueuesAnEvent() {
        let backend = MemoryBackend()
        #expect(backend.size == (80, 24))
        backend.resize(width: 100, height: 30)
        #expect(backend.size == (100, 30))
        #expect(backend.nextInput(timeoutMilliseconds: 0) == .resize(width: 100, height: 30))
        backend.size = (10, 5)
        #expect(backend.size.width == 10)
        #expect(backend.pendingInputCount == 0)
    }

    @Test func presentedFramesAreRecorded() {
        let backend = MemoryBackend(width: 4, height: 1)
        #expect(backend.lastFrame == nil)
        #expect(backend.frameCount == 0)
        var frame = CellBuffer(width: 4, height: 1)
        frame.put("hi", x: 0, y: 0, style: .plain)
        backend.present(frame)
        backend.present(frame)
        #expect(backend.frameCount == 2)
        #expect(backend.lastFrame?.lines() == ["hi  "])
    }

    @Test func worksFromConcurrentTasks() async {
        let backend = MemoryBackend()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<100 { backend.present(CellBuffer(width: 2, height: 2)) }
                }
            }
        }
        #expect(backend.frameCount == 800)
    }

    @Test func keysDescribeThemselvesForHints() {
        #expect(Key.char("q").description == "q")
        #expect(Key.char(" ").description == "Space")
        #expect(Key.ctrl("c").description == "^C")
        #expect(Key.function(5).description == "F5")
        #expect(Key.enter.description == "Enter")
        #expect(Key.backTab.description == "S-Tab")
    }
}
