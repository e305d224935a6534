package dev.wrenn.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A capsule as the service describes it. Fields the service leaves out are {@code null} (or an empty map),
 * as noted per field.
 *
 * @param id                the capsule's ID ({@code cl-} and 25 base36 characters)
 * @param status            its lifecycle state; {@link CapsuleStatus#UNKNOWN} for a state this client does not know
 * @param template          the template it was created from
 * @param vcpus             virtual CPUs
 * @param memoryMb          memory in MiB
 * @param inactivityTimeout after this long without exec or ping the service pauses it; {@link Duration#ZERO} means never
 * @param guestIp           its address inside its host's network, or {@code null} when the service gives none
 * @param hostIp            the address of the host it runs on, or {@code null} when the service gives none
 * @param metadata          labels the service keeps with it; empty when there are none, never {@code null}
 * @param createdAt         when it was created, or {@code null} when the service gives no time
 * @param startedAt         when it last started running, or {@code null} until it has (the service omits it)
 * @param lastActiveAt      when it last saw activity, or {@code null} until it has (the service omits it)
 * @param lastUpdated       when its record last changed, or {@code null} when the service gives no time
 */
public record Capsule(String id, CapsuleStatus status, String template, int vcpus, int memoryMb,
                      Duration inactivityTimeout, String guestIp, String hostIp, Map<String, String> metadata,
                      Instant createdAt, Instant startedAt, Instant lastActiveAt, Instant lastUpdated) {

    /** Normalises absent metadata to an empty, immutable map. */
    public Capsule {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
