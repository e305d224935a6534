package dev.wrenn.client;

import java.time.Duration;

/**
 * When the client retries a failed REST call by itself.
 *
 * <p>Only idempotent calls (listing and getting capsules, ping, listing processes) are retried, and only on
 * failures that say nothing about the request itself: a connection that could not be made or broke before
 * a response, and HTTP 502, 503 and 504. Calls that change something (exec, capsule creation, destroy,
 * pause, resume) are never retried, since a retry could do the thing twice. Kill is not retried unless
 * {@link #withKillRetries(boolean)} says so: a retried kill whose first attempt did reach the service meets
 * 404 for the process it already killed, and that 404 is then reported as it is.
 *
 * <p>Waits between attempts grow exponentially from {@code minBackoff} to {@code maxBackoff} with 50% jitter
 * (Reactor's {@code Retry.backoff}). Immutable.
 */
public final class RetryPolicy {

    private static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO, false);
    private static final RetryPolicy DEFAULTS = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2), false);

    private final int maxRetries;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final boolean retryKills;

    private RetryPolicy(int maxRetries, Duration minBackoff, Duration maxBackoff, boolean retryKills) {
        this.maxRetries = maxRetries;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.retryKills = retryKills;
    }

    /** No retries at all. */
    public static RetryPolicy none() {
        return NONE;
    }

    /** The default: up to 3 retries of idempotent reads, backing off from 100 ms to 2 s; kills not retried. */
    public static RetryPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * Up to {@code maxRetries} retries of idempotent reads, waiting from {@code minBackoff} up to {@code maxBackoff}.
     *
     * @throws IllegalArgumentException if {@code maxRetries} is negative or the backoffs are negative or out of order
     */
    public static RetryPolicy backoff(int maxRetries, Duration minBackoff, Duration maxBackoff) {
        Arguments.atLeast(maxRetries, 0, "maxRetries");
        Arguments.notNegative(minBackoff, "minBackoff");
        if (Arguments.notNull(maxBackoff, "maxBackoff").compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than minBackoff (" + minBackoff + "), was "
                    + maxBackoff);
        }
        return new RetryPolicy(maxRetries, minBackoff, maxBackoff, false);
    }

    /** Whether kills are retried too, on the same failures as reads. */
    public RetryPolicy withKillRetries(boolean retryKills) {
        return new RetryPolicy(maxRetries, minBackoff, maxBackoff, retryKills);
    }

    /** The most retries after the first attempt. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The first wait. */
    public Duration minBackoff() {
        return minBackoff;
    }

    /** The longest wait. */
    public Duration maxBackoff() {
        return maxBackoff;
    }

    /** Whether kills are retried. */
    public boolean retriesKills() {
        return retryKills;
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", backoff=" + minBackoff + ".." + maxBackoff
                + ", retryKills=" + retryKills + "]";
    }
}
