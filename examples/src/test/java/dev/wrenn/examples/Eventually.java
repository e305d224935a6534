package dev.wrenn.examples;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition that the server reaches on its own time, with a deadline generous for a busy machine. */
public final class Eventually {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private Eventually() {
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    /** Like {@link #await(String, BooleanSupplier)}, and a failure also tells what was seen instead. */
    public static void await(String what, BooleanSupplier condition, Supplier<String> seen) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited " + DEADLINE.toSeconds() + " s for " + what + seenInstead(seen.get()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    private static String seenInstead(String seen) {
        return seen.isEmpty() ? "" : "; saw instead:\n" + seen;
    }
}
