import Foundation
import Testing
@testable import FleetFeeds

@Suite("Configuration file")
struct ConfigFileTests {
    static let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/config.yaml").path

    @Test("the commented sample in deploy/ is valid")
    func sampleIsValid() throws {
        guard case .success(let loaded) = ConfigFile.load(path: Self.sample) else { Issue.record("\(ConfigFile.load(path: Self.sample))"); return }
        #expect(loaded.fleetName == "research-gpus")
        #expect(loaded.settings.contains(ConfigFile.Setting(option: "--telemetry-interval", values: ["15.0"], line: 28)))
    }

    @Test("settings become flags; relative paths resolve against the file's directory")
    func settings() throws {
        let text = "feeds:\n  scheduler:\n    slurm: {via: ssh login1}\n    slurm_json: [q.json]\n    qos_class: {normal: training}\n"
        guard case .success(let loaded) = ConfigFile.parse(text, file: "/etc/fd/c.yaml") else { Issue.record("not parsed"); return }
        #expect(loaded.settings.map(\.option) == ["--slurm-via", "--slurm-json", "--qos-class"])
        #expect(loaded.settings.map(\.values) == [["ssh login1"], ["/etc/fd/q.json"], ["normal=training"]])
    }

    @Test("store: a file resolves against the file's directory; a PostgreSQL URL is kept as written, never with a password")
    func store() throws {
        guard case .success(let file) = ConfigFile.parse("store: fleet.sqlite\n", file: "/etc/fd/c.yaml"),
              case .success(let server) = ConfigFile.parse("store: postgresql://ann@db:5432/fleet?sslmode=verify-full\n", file: "/etc/fd/c.yaml"),
              case .failure(let secret) = ConfigFile.parse("store: postgres://ann:hunter2@db/fleet\n", file: "c.yaml") else {
            Issue.record("parsed otherwise"); return
        }
        #expect(file.settings.map(\.values) == [["/etc/fd/fleet.sqlite"]])
        #expect(server.settings.map(\.values) == [["postgresql://ann@db:5432/fleet?sslmode=verify-full"]])
        #expect(secret.errors.map(\.description) == ["c.yaml:1: store: a password in the URL: use ~/.pgpass, a client certificate or a unix-socket peer login"])
    }

    @Test("every mistake is located: unknown keys, ranges, inline secrets, credentials in URLs, env names")
    func locatedErrors() throws {
        let text = """
            feeds:
              telemetry:
                interval: 0.01s
                prometheus:
                  url: http://u:p@host:9090
                  token: abc
              scheduler:
                slurmrestd: {url: http://c:6820, jwt_env: "eyJhbGciOi.x"}
                bogus: 1

            """
        guard case .failure(let list) = ConfigFile.parse(text, file: "c.yaml") else { Issue.record("accepted"); return }
        let lines = list.errors.map(\.description)
        #expect(lines.contains("c.yaml:3: feeds.telemetry.interval: must be 0.2…3600 seconds"))
        #expect(lines.contains { $0.hasPrefix("c.yaml:5: feeds.telemetry.prometheus.url: credentials in the URL") })
        #expect(lines.contains { $0.hasPrefix("c.yaml:6: feeds.telemetry.prometheus.token: secrets are never written") })
        #expect(lines.contains { $0.hasPrefix("c.yaml:8: feeds.scheduler.slurmrestd.jwt_env: expected an environment variable name") })
        #expect(lines.contains { $0.hasPrefix("c.yaml:9: feeds.scheduler.bogus: unknown field") })
        #expect(list.errors.count == 5)
    }

    @Test("alias bombs and deep nesting are refused by the YAML guards")
    func hostile() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + (1...9).map { "b\($0): &b\($0) [" + String(repeating: "*\($0 == 1 ? "a" : "b\($0 - 1)"), ", count: 10).dropLast(2) + "]" }.joined(separator: "\n")
        guard case .failure(let list) = ConfigFile.parse(bomb, file: "c.yaml") else { Issue.record("accepted"); return }
        #expect(list.description.contains("expands to too many values"))
        guard case .failure(let deep) = ConfigFile.parse(String(repeating: "[", count: 5000), file: "c.yaml") else { Issue.record("accepted"); return }
        #expect(deep.description.contains("nested too deeply"))
    }
}
