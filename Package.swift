// swift-tools-version: 6.1
import PackageDescription
let package = Package(
    name: "fleetdeck",
    targets: [
        .target(name: "FleetCore"),
        .target(name: "FleetFeeds", dependencies: ["FleetCore"]),
        .testTarget(name: "FleetCoreTests", dependencies: ["FleetCore", "FleetFeeds"]),
    ],
    swiftLanguageModes: [.v6]
)
