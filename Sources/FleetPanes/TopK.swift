/// The first rows of an order without sorting the rest: what a page of a long list needs.
enum TopK {
    /// What `items.sorted(by: areInIncreasingOrder).prefix(k)` gives (a stable sort: ties keep the items' order), in
    /// O(n log k) comparisons plus moves within the `k` kept.
    static func first<C: Collection>(_ k: Int, of items: C, by areInIncreasingOrder: (C.Element, C.Element) -> Bool) -> [C.Element] {
        guard k > 0 else { return [] }
        var kept: [C.Element] = []
        kept.reserveCapacity(k + 1)
        for item in items {
            // A later item goes after every kept one it does not precede: ties stay in input order.
            if kept.count == k, let last = kept.last, !areInIncreasingOrder(item, last) { continue }
            var low = 0, high = kept.count
            while low < high {
                let mid = (low + high) / 2
                if areInIncreasingOrder(item, kept[mid]) { high = mid } else { low = mid + 1 }
            }
            kept.insert(item, at: low)
            if kept.count > k { kept.removeLast() }
        }
        return kept
    }
}
