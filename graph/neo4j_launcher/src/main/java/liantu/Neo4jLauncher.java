package liantu;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs an embedded Neo4j Community DBMS with the Bolt connector on 127.0.0.1
 * for liantu development and CI (no Docker, no Neo4j distribution needed).
 *
 * <pre>
 * java -cp 'target/classes:target/dependency/*' liantu.Neo4jLauncher \
 *     --data-dir DIR [--port 7687] [--password PW] [--pagecache-mb 256] [--plugins DIR]
 * </pre>
 *
 * With {@code --plugins DIR} the jars in DIR (APOC Core) are loaded as procedures, and the
 * {@code apoc.*} procedures may use the kernel API they need.
 *
 * The password may also come from the environment variable
 * LIANTU_NEO4J_PASSWORD (preferred: it keeps it out of `ps`). Auth is enabled;
 * the password of user `neo4j` is (re)set to the given one on every start.
 * Prints exactly one line {@code READY bolt://127.0.0.1:PORT} once Bolt accepts
 * TCP connections, then runs until SIGTERM/SIGINT, when a shutdown hook stops
 * the DBMS cleanly.
 */
public final class Neo4jLauncher {
    private static final String HOST = "127.0.0.1";

    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        int port = 7687;
        String password = System.getenv("LIANTU_NEO4J_PASSWORD");
        long pageCacheMb = 256;
        Path plugins = null;

        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data-dir" -> dataDir = Path.of(need(args, ++i, a));
                case "--port" -> port = Integer.parseInt(need(args, ++i, a));
                case "--password" -> password = need(args, ++i, a);
                case "--pagecache-mb" -> pageCacheMb = Long.parseLong(need(args, ++i, a));
                case "--plugins" -> plugins = Path.of(need(args, ++i, a)).toAbsolutePath();
                default -> usage("unknown argument: " + a);
            }
        }
        if (dataDir == null) {
            usage("--data-dir is required");
        }
        if (password == null || password.isEmpty()) {
            usage("a password is required (--password or LIANTU_NEO4J_PASSWORD)");
        }
        if (password.length() < 8) {
            // Neo4j 5 rejects shorter passwords (dbms.security.auth_minimum_password_length).
            usage("the password must be at least 8 characters long");
        }
        dataDir = dataDir.toAbsolutePath();
        Files.createDirectories(dataDir);

        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(dataDir);
        if (plugins != null) {
            builder.setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                    .setConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"));
        }
        DatabaseManagementService dbms = builder
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                // Dev/CI: don't fallocate 256 MiB transaction log files per database.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Default 5s; makes SIGTERM -> exit take ~5s longer than needed in dev/CI.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
                System.out.println("STOPPED");
                System.out.flush();
            }
        }, "liantu-neo4j-shutdown"));

        setPassword(dbms, password);
        waitForBolt(port);

        System.out.println("READY bolt://" + HOST + ":" + port);
        System.out.flush();
        stopped.await();
    }

    /** Sets the password of user neo4j on the system database (embedded runs with full privileges). */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // Restart with an unchanged password: Neo4j refuses "new password == old password";
            // the password is already what we want, so only the change-required flag may remain.
            String msg = String.valueOf(e.getMessage()) + " " + String.valueOf(e.getCause());
            if (!msg.toLowerCase().contains("same")) {
                throw e;
            }
            System.err.println("Neo4jLauncher: password of user neo4j unchanged");
            system.executeTransactionally("ALTER USER neo4j SET PASSWORD CHANGE NOT REQUIRED");
        }
    }

    /** Blocks until the Bolt port accepts TCP connections (it normally already does after build()). */
    private static void waitForBolt(int port) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Bolt did not open on " + HOST + ":" + port, e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static String need(String[] args, int i, String flag) {
        if (i >= args.length) {
            usage(flag + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("Neo4jLauncher: " + problem);
        System.err.println("usage: Neo4jLauncher --data-dir DIR [--port 7687] [--password PW] [--pagecache-mb 256] [--plugins DIR]");
        System.exit(2);
    }
}
