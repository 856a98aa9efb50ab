package dev.tenancy.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The stock Keycloak distribution with the Tenancy jars in {@code providers/}, started once per
 * test run (per database) and shared by every test. Tests make their own realms with generated
 * names, so they never depend on one another's data.
 *
 * <p>System properties (set by the it-tests POM): {@code keycloak.dist.dir}, {@code tenancy.providers.dir},
 * {@code keycloak.work.dir}, {@code tenancy.it.db} ({@code h2} or {@code postgres}), {@code tenancy.it.port}.
 */
public final class KeycloakServer {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static KeycloakServer instance;

    private final String db;
    private final int port;
    private final Path home;
    /** The Kafka client logs every connection attempt and its whole configuration; warnings are what matter. */
    static final String SHADED_CLIENTS_LOG_LEVEL =
            "dev.tenancy.provisioning.shaded.kafka:WARN,dev.tenancy.provisioning.shaded.nats:INFO";

    private final Path log;
    private final String schema;
    private Process process;

    private KeycloakServer(String db, int port, Path home, Path log) {
        this.db = db;
        this.port = port;
        this.home = home;
        this.log = log;
        this.schema = "tenancy_it_" + port;
    }

    /** A node sharing another node's database schema (see {@link #startSecondNode(int)}). */
    private KeycloakServer(String db, int port, Path home, Path log, String schema) {
        this.db = db;
        this.port = port;
        this.home = home;
        this.log = log;
        this.schema = schema;
    }

    /** The shared server, started on first use and stopped when the JVM exits. */
    public static synchronized KeycloakServer get() {
        if (instance == null) {
            String db = System.getProperty("tenancy.it.db", "h2");
            int port = Integer.parseInt(System.getProperty("tenancy.it.port", "8180"));
            Path work = Path.of(System.getProperty("keycloak.work.dir", "target"));
            KeycloakServer server = new KeycloakServer(db, port, work.resolve("kc-" + db), work.resolve("kc-" + db + ".log"));
            server.install();
            server.start(true);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
            instance = server;
        }
        return instance;
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public String db() {
        return db;
    }

    public int port() {
        return port;
    }

    public Path logFile() {
        return log;
    }

    /** What the server printed, start-up and build (re-augmentation) messages included, across restarts. */
    public Path consoleLog() {
        return home.resolve("console.log");
    }

    /** Stops the server the hard way ({@code kill -9}), as a crash would. */
    public void kill() {
        if (process != null) {
            // kc.sh may run the server as its child: wait for every process, not only the script, to be gone
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            waitFor(process);
            all.forEach(h -> h.onExit().join());
            process = null;
        }
    }

    /** Starts the server again on the same database (after {@link #kill()} or {@link #stop()}). */
    public void restart() {
        stop();
        start(false);
    }

    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void install() {
        installFilesOnly();
        if ("postgres".equals(db)) {
            resetPostgresSchema();
        }
    }

    private void start(boolean fresh) {
        if (fresh) {
            // a new server's console log starts empty; restarts of it (crash tests) append to it
            try {
                Files.deleteIfExists(home.resolve("console.log"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> cmd = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + port,
                "--http-management-port=" + (port + 1000),
                "--features=scim-api",
                "--cache=local",
                "--log=console,file",
                "--log-file=" + log.toAbsolutePath(),
                // our code at DEBUG; the broker clients shaded under dev.tenancy are not ours to debug
                "--log-level=INFO,dev.tenancy:DEBUG," + SHADED_CLIENTS_LOG_LEVEL));
        if ("postgres".equals(db)) {
            cmd.addAll(List.of("--db=postgres",
                    "--db-url=jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema,
                    "--db-schema=" + schema,
                    "--db-username=postgres",
                    "--db-password=postgres"));
        }
        cmd.addAll(extraOptions());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("console.log").toFile()));
        Map<String, String> env = pb.environment();
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("JAVA_OPTS_KC_HEAP", "-Xms256m -Xmx1536m");
        Jdk.findAtLeast(21).ifPresent(jdk -> env.put("JAVA_HOME", jdk.toString()));
        if (fresh) {
            stopLeftover(); // a restart follows this JVM's own stop or kill, which waited for the server to end
        }
        try {
            process = pb.start();
            // kc.sh's pid (Java itself once kc.sh execs it, else its parent), so that a later run can stop it if this JVM dies without stopping it
            Files.writeString(pidFile(), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        awaitReady(Duration.ofSeconds(fresh ? 420 : 300));
    }

    /** Per port, not per database: the H2 and the PostgreSQL runs of one build use the same port one after the other. */
    private Path pidFile() {
        return home.resolveSibling("kc-port-" + port + ".pid");
    }

    /**
     * A server an earlier run started here and never stopped (its test JVM was halted before its
     * shutdown hook ran) still holds the port and would answer this run's requests with the old jars:
     * it is stopped first (SIGTERM, then SIGKILL), and a port still taken by anything else fails the run.
     */
    private void stopLeftover() {
        try {
            if (Files.exists(pidFile())) {
                long pid = Long.parseLong(Files.readString(pidFile()).trim());
                // only a Keycloak (the kc.sh script or the server it runs), never a process that reused the pid
                ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                        .filter(h -> h.info().commandLine().map(c -> c.contains("kc.sh") || c.contains("QuarkusEntryPoint")).orElse(false))
                        .ifPresent(h -> {
                            List<ProcessHandle> all = new ArrayList<>(h.descendants().toList());
                            all.add(h);
                            all.forEach(ProcessHandle::destroy);
                            for (ProcessHandle p : all) {
                                try {
                                    p.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
                                } catch (Exception e) {
                                    p.destroyForcibly();
                                }
                            }
                        });
                Files.deleteIfExists(pidFile());
            }
        } catch (IOException | NumberFormatException e) {
            // no usable pid file: nothing of ours to stop
        }
        // a process that has just been stopped can hold the port a moment longer: give it 15 s
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Port " + port + " is in use (a server of another run?): stop it or pass -Dit.port");
                }
            } catch (IOException free) {
                return; // nothing listens: the port is ours
            }
            sleep(250);
        }
    }

    /** Options other test suites need (for example the provisioning module's test settings). */
    private static List<String> extraOptions() {
        String extra = System.getProperty("tenancy.it.kc.options", "");
        return extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(1000);
        }
        throw new IllegalStateException("Keycloak did not become ready in " + timeout + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("console.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void resetPostgresSchema() {
        String url = "jdbc:postgresql://127.0.0.1:5432/test";
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 (database test) is needed: " + e.getMessage(), e);
        }
    }

    /** A JDBC connection to the test database, for tests that check rows (PostgreSQL only). */
    public Optional<Connection> jdbc() throws SQLException {
        if (!"postgres".equals(db)) {
            return Optional.empty();
        }
        Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema, "postgres", "postgres");
        return Optional.of(c);
    }

    private static String required(String name) {
        String v = System.getProperty(name);
        if (v == null) {
            throw new IllegalStateException("System property " + name + " is not set; run the tests through Maven (mvn verify)");
        }
        return v;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void waitFor(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts another Keycloak on {@code port} sharing the shared server's PostgreSQL schema (a
     * two-node cluster on one database, local caches). PostgreSQL only; the caller stops it.
     */
    public static KeycloakServer startSecondNode(int port) {
        KeycloakServer first = get();
        if (!"postgres".equals(first.db)) {
            throw new IllegalStateException("A second node needs PostgreSQL");
        }
        Path work = Path.of(System.getProperty("keycloak.work.dir", "target"));
        KeycloakServer node = new KeycloakServer(first.db, port, work.resolve("kc-" + first.db + "-node-" + port),
                work.resolve("kc-" + first.db + "-node-" + port + ".log"), first.schema);
        node.installFilesOnly();
        node.start(false);
        return node;
    }

    /** Copies the distribution and the providers, keeping the database as it is. */
    private void installFilesOnly() {
        Path dist = Path.of(required("keycloak.dist.dir"));
        Path providers = Path.of(required("tenancy.providers.dir"));
        try {
            if (!Files.isDirectory(home.resolve("lib"))) {
                copyTree(dist, home);
            }
            deleteTree(home.resolve("data"));
            try (Stream<Path> old = Files.list(home.resolve("providers"))) {
                for (Path p : old.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.delete(p);
                }
            }
            try (Stream<Path> jars = Files.list(providers)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                    Files.copy(jar, home.resolve("providers").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            home.resolve("bin/kc.sh").toFile().setExecutable(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
