package dev.tenancy.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a JDK to run Keycloak on: Keycloak 26.7 wants 21 or newer, our code compiles for 17. */
final class Jdk {

    private Jdk() {
    }

    static Optional<Path> findAtLeast(int feature) {
        for (String candidate : new String[] {System.getenv("KC_JAVA_HOME"), System.getenv("JAVA_HOME"), System.getProperty("java.home")}) {
            if (candidate != null && version(Path.of(candidate)) >= feature) {
                return Optional.of(Path.of(candidate));
            }
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> version(d) >= feature).max(Comparator.comparingInt(Jdk::version));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int version(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String major = v.startsWith("1.") ? v.substring(2, 3) : v.split("[.+-]")[0];
                    return Integer.parseInt(major);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
