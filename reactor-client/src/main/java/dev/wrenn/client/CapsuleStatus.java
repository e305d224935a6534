package dev.wrenn.client;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The lifecycle state of a capsule. Process calls need {@link #RUNNING}. */
public enum CapsuleStatus {
    /** Created, not yet booting. */
    PENDING,
    /** Booting. */
    STARTING,
    /** Running: processes can be started, listed, attached and killed. */
    RUNNING,
    /** Snapshotted and stopped; {@link Capsules#resume} brings it back. */
    PAUSED,
    /** Stored for a longer pause. */
    HIBERNATED,
    /** Ended, by {@link Capsules#destroy} or otherwise; it will not run again. The service keeps its record. */
    STOPPED,
    /**
     * Its host stopped reporting: the service lost track of it. It comes back as {@link #RUNNING} if the host
     * turns out to be alive, else it becomes {@link #STOPPED}.
     */
    MISSING,
    /** Failed; it will not run. */
    ERROR,
    /** A status this version of the client does not know; newer services may add states. */
    UNKNOWN;

    /** Reads the service's lower-case status word; an unknown word gives {@link #UNKNOWN}, never an error. */
    public static CapsuleStatus fromWire(@Nullable String status) {
        if (status == null) {
            return UNKNOWN;
        }
        try {
            return valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return UNKNOWN;
        }
    }

    /** Whether the capsule can never reach {@link #RUNNING} again without being recreated. */
    public boolean isTerminal() {
        return this == STOPPED || this == ERROR;
    }
}
