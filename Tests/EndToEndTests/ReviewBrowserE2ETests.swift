import Foundation
import Testing

/// `report review --format html` opened in a real browser: `scripts/review-html-browser.py` renders it with headless
/// Chromium (Debian's chromium-headless-shell, installed through `scripts/apt-ensure.sh` when missing), prints it to
/// PDF, and checks that the page is not blank and that every chart drew its data.
@Suite struct ReviewBrowserE2ETests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// Where the screenshot is kept after the scratch folder is gone (CI uploads the folder).
    static let artifacts = repo.appendingPathComponent(".build/test-artifacts")

    @Test func htmlReportRendersInHeadlessChromium() throws {
        let dir = try Harness.tempDir()
        let store = dir.appendingPathComponent("s.sqlite").path
        // A small demo fleet: its 90 days of modelled history are what the charts draw.
        let warm = try Harness.run(Harness.binary, ["snapshot", "--store", store, "--gpus", "64", "--teams", "4", "--timeout", "30"],
                                   env: ["XDG_STATE_HOME": dir.path], timeout: 90)
        try #require(warm.code == 0, "\(warm.err)")
        let html = dir.appendingPathComponent("review.html").path
        let report = try Harness.run(Harness.binary, ["report", "review", "--period", "2026-10", "--compare", "previous", "--format", "html",
                                                      "-o", html, "--store", store])
        try #require(report.code == 0, "\(report.err)")
        let out = dir.appendingPathComponent("browser")
        let script = Self.repo.appendingPathComponent("scripts/review-html-browser.py").path
        let check = try Harness.run("/usr/bin/env", ["python3", script, html, out.path], timeout: 600)
        if check.code == 77 {
            print("ReviewBrowserE2ETests: \(check.out)")
            return
        }
        // The script's lines: each chart's pixels, the page's share drawn, the PDF and the screenshot's path.
        print(check.out, terminator: "")
        #expect(check.code == 0, "\(check.out)\(check.err)")
        #expect(check.out.components(separatedBy: "\n").filter { $0.hasPrefix("chart ") }.count == 5,
                "five charts: GPU-hours and utilisation per day, SLA per class, quota and budget burn per team")
        let shot = out.appendingPathComponent("report.png")
        try FileManager.default.createDirectory(at: Self.artifacts, withIntermediateDirectories: true)
        let kept = Self.artifacts.appendingPathComponent("review-report.png")
        try? FileManager.default.removeItem(at: kept)
        try FileManager.default.copyItem(at: shot, to: kept)
        print("screenshot kept: \(kept.path)")
    }
}
