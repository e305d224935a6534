package dev.wrenn.emulator;

import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link WrennEmulator} from the command line until Ctrl-C, and prints the settings a client needs.
 *
 * <pre>
 * mvn -q -pl emulator exec:java                                  # after mvn install
 * mvn -q -pl emulator exec:java -Dexec.args="--port 8080 --api-key wrn_..."
 * </pre>
 *
 * <p><strong>It runs the commands it is sent on this machine, as the current user. It is a development tool,
 * not a sandbox.</strong>
 */
public final class WrennEmulatorMain {

    private static final String USAGE = "usage: WrennEmulatorMain [--port N] [--api-key KEY]";

    private WrennEmulatorMain() {
    }

    /**
     * Starts the emulator and blocks until the JVM is stopped; its shutdown hook then kills the processes.
     *
     * @param args {@code --port N} (default: ephemeral) and {@code --api-key KEY} (default: generated)
     * @throws InterruptedException if the main thread is interrupted while serving
     */
    public static void main(String[] args) throws InterruptedException {
        WrennEmulator.Builder builder;
        try {
            builder = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        WrennEmulator emulator = builder.start();
        PrintStream out = System.out;
        out.println("Wrenn emulator listening on " + emulator.baseUrl());
        out.println("WRENN_BASE_URL=" + emulator.baseUrl());
        out.println("WRENN_API_KEY=" + emulator.apiKey());
        out.println("Commands sent to it run on this machine as the current user: it is not a sandbox. "
                + "Press Ctrl-C to stop.");
        new CountDownLatch(1).await();
    }

    static WrennEmulator.Builder parse(String[] args) {
        WrennEmulator.Builder builder = WrennEmulator.builder();
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
                case "--api-key" -> builder.apiKey(value);
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return builder;
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number, got " + value);
        }
    }
}
