package dev.wrenn.emulator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link WrennEmulator} from the command line until Ctrl-C, and prints the settings a client needs.
 *
 * <pre>
 * mvn -q -pl emulator exec:java                                  # after mvn install
 * WRENN_EMULATOR_API_KEY=wrn_... mvn -q -pl emulator exec:java -Dexec.args="--port 8080"
 * mvn -q -pl emulator exec:java -Dexec.args="--port 8080 --api-key-file key.txt"
 * </pre>
 *
 * <p>The key comes from {@code --api-key-file}, else from the environment variable {@value #API_KEY_ENV}, else it
 * is generated. {@code --api-key KEY} still works but every user of the machine can read it in the process list.
 *
 * <p><strong>It runs the commands it is sent on this machine, as the current user. It is a development tool,
 * not a sandbox.</strong>
 */
public final class WrennEmulatorMain {

    /** The environment variable holding the key; distinct from the client's {@code WRENN_API_KEY} on purpose. */
    static final String API_KEY_ENV = "WRENN_EMULATOR_API_KEY";
    private static final String USAGE = "usage: WrennEmulatorMain [--port N] [--api-key-file FILE]\n"
            + "The key is read from FILE, else from " + API_KEY_ENV + ", else generated.";
    private static final String KEY_ON_COMMAND_LINE_WARNING = "warning: --api-key is readable by every user of this "
            + "machine in the process list; prefer " + API_KEY_ENV + " or --api-key-file";

    private WrennEmulatorMain() {
    }

    /**
     * Starts the emulator and blocks until the JVM is stopped; its shutdown hook then kills the processes.
     *
     * @param args {@code --port N} (default: ephemeral), {@code --api-key-file FILE} (default: the environment
     *             variable {@value #API_KEY_ENV}, else generated), {@code --api-key KEY} (discouraged)
     * @throws InterruptedException if the main thread is interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        WrennEmulator.Builder builder;
        try {
            builder = parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (Arrays.asList(args).contains("--api-key")) {
            System.err.println(KEY_ON_COMMAND_LINE_WARNING);
        }
        WrennEmulator emulator = builder.start();
        PrintStream out = System.out;
        out.println("Wrenn emulator listening on " + emulator.baseUrl());
        out.println("Capsule directories: " + emulator.rootDirectory());
        out.println("WRENN_BASE_URL=" + emulator.baseUrl());
        out.println("WRENN_API_KEY=" + emulator.apiKey());
        out.println("Commands sent to it run on this machine as the current user: it is not a sandbox. "
                + "Press Ctrl-C to stop.");
        new CountDownLatch(1).await();
    }

    static WrennEmulator.Builder parse(String[] args, Map<String, String> environment) {
        WrennEmulator.Builder builder = WrennEmulator.builder();
        String key = environment.get(API_KEY_ENV);
        String keySource = API_KEY_ENV;
        boolean keyFlagSeen = false;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("Runs a local Wrenn emulator.");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + flag);
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> builder.port(parsePort(value));
                case "--api-key", "--api-key-file" -> {
                    if (keyFlagSeen) {
                        throw new IllegalArgumentException("give only one of --api-key and --api-key-file");
                    }
                    keyFlagSeen = true;
                    key = flag.equals("--api-key") ? value : readKeyFile(value);
                    keySource = flag;
                }
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (key != null) {
            try {
                builder.apiKey(key.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(keySource + ": " + e.getMessage());
            }
        }
        return builder;
    }

    private static String readKeyFile(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | InvalidPathException e) {
            throw new IllegalArgumentException("--api-key-file: cannot read " + file);
        }
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number, got " + value);
        }
    }
}
