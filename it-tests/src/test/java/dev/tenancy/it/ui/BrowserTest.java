package dev.tenancy.it.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tenancy.it.support.Http;

/**
 * Runs a browser test script of admin-ui-ext with Node.js: playwright-core (installed by the
 * admin-ui-ext build, npm ci) driving Debian's chromium. The script gets its settings as a JSON
 * file and writes its findings to another, which the Java test then checks against the server.
 * Screenshots go to {@code it-tests/target/screenshots/}; with {@code -Dtenancy.screenshots.update=true}
 * a passing run also copies them over the documentation's {@code docs/images/}.
 */
public final class BrowserTest {

    static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    static final Path UI_MODULE = REPOSITORY.resolve("admin-ui-ext");
    static final Path SCREENSHOTS = REPOSITORY.resolve("it-tests/target/screenshots");
    static final Path DOC_IMAGES = REPOSITORY.resolve("docs/images");
    static final boolean UPDATE_DOC_IMAGES = Boolean.getBoolean("tenancy.screenshots.update");
    static final String CHROMIUM = System.getProperty("tenancy.it.chromium", "/usr/bin/chromium");

    private BrowserTest() {
    }

    /** Fails with what to do when chromium, node or playwright-core is missing. */
    public static void checkPrerequisites() {
        assertThat(Path.of(CHROMIUM))
                .as("chromium is needed for the admin console tests: apt-get install -y chromium")
                .isExecutable();
        assertThat(UI_MODULE.resolve("node_modules/playwright-core/package.json"))
                .as("playwright-core is missing: build admin-ui-ext first (mvn install -pl admin-ui-ext,themes)")
                .exists();
    }

    /** Runs {@code script} (relative to admin-ui-ext) with {@code settings}; returns its result JSON. */
    public static JsonNode run(String script, Map<String, Object> settings, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path config = workDir.resolve("browser-config.json");
        Path result = workDir.resolve("browser-result.json");
        Path log = workDir.resolve("browser.log");
        Files.deleteIfExists(result);
        Path screenshots = SCREENSHOTS.resolve(script.replaceAll(".*/", "").replace(".test.mjs", ""));
        Files.createDirectories(screenshots);
        Map<String, Object> all = new java.util.HashMap<>(settings);
        all.put("chromium", CHROMIUM);
        all.put("screenshotDir", screenshots.toString());
        all.put("failureDir", workDir.toString());
        all.put("resultFile", result.toString());
        Files.writeString(config, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(all));

        Process node = new ProcessBuilder(List.of("node", UI_MODULE.resolve(script).toString(), config.toString()))
                .directory(UI_MODULE.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean done = node.waitFor(15, TimeUnit.MINUTES);
        if (!done) {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
        String output = Files.readString(log);
        System.out.println("browser test output:\n" + output);
        assertThat(done).as("the browser test did not finish in 15 minutes:\n" + output).isTrue();
        assertThat(result).as("the browser test wrote no result (exit " + node.exitValue() + "):\n" + output).exists();
        JsonNode json = Http.JSON.readTree(result.toFile());
        assertThat(json.path("ok").asBoolean())
                .as("browser test failed (screenshot: " + workDir.resolve("failure.png") + "):\n" + json.path("error").asText() + "\n" + output)
                .isTrue();
        if (UPDATE_DOC_IMAGES) {
            try (var shots = Files.list(screenshots)) {
                for (Path png : shots.filter(p -> p.toString().endsWith(".png")).toList()) {
                    Files.copy(png, DOC_IMAGES.resolve(png.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return json;
    }
}
