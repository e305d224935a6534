package dev.wrenn.emulator.internal;

import java.util.Locale;

/** The capsule states the emulator uses; {@link #toString()} is the wire value. */
enum CapsuleStatus {
    PENDING, STARTING, RUNNING, PAUSED, STOPPED;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
