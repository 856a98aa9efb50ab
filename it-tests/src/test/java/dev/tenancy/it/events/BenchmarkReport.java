package dev.tenancy.it.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The lines a benchmark prints as it goes, written to {@code <it.build.dir>/<file>} at the end. */
final class BenchmarkReport {

    private final String file;
    private final StringBuilder lines = new StringBuilder();

    BenchmarkReport(String file) {
        this.file = file;
    }

    void line(String line) {
        lines.append(line).append('\n');
        System.out.println(line);
    }

    void write() throws IOException {
        Path out = Path.of(System.getProperty("keycloak.work.dir", "target")).resolve(file);
        Files.writeString(out, lines.toString());
        System.out.println(lines);
    }

    /** The p-th percentile (nearest rank) of the values, in any order. */
    static long pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
