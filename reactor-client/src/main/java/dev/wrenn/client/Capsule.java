package dev.wrenn.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A capsule as the service describes it. Fields the service leaves out are {@code null} (or an empty map),
 * as noted per field.
 *
 * @param id                the capsule's ID ({@code cl-} and 25 base36 characters)
 * @param status            its lifecycle state; {@link CapsuleStatus#UNKNOWN} for a state this client does not know
 * @param template          the template it was created from, or {@code null} when the service gives none
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
public record Capsule(String id, CapsuleStatus status, @Nullable String template, int vcpus, int memoryMb,
                      Duration inactivityTimeout, @Nullable String guestIp, @Nullable String hostIp,
                      Map<String, String> metadata, @Nullable Instant createdAt, @Nullable Instant startedAt,
                      @Nullable Instant lastActiveAt, @Nullable Instant lastUpdated) {

    /** Normalises absent metadata to an empty, immutable map. */
    public Capsule(String id, CapsuleStatus status, @Nullable String template, int vcpus, int memoryMb,
                   Duration inactivityTimeout, @Nullable String guestIp, @Nullable String hostIp,
                   @Nullable Map<String, String> metadata, @Nullable Instant createdAt, @Nullable Instant startedAt,
                   @Nullable Instant lastActiveAt, @Nullable Instant lastUpdated) {
        this.id = Arguments.notNull(id, "id");
        this.status = Arguments.notNull(status, "status");
        this.template = template;
        this.vcpus = vcpus;
        this.memoryMb = memoryMb;
        this.inactivityTimeout = Arguments.notNull(inactivityTimeout, "inactivityTimeout");
        this.guestIp = guestIp;
        this.hostIp = hostIp;
        this.metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        this.createdAt = createdAt;
        this.startedAt = startedAt;
        this.lastActiveAt = lastActiveAt;
        this.lastUpdated = lastUpdated;
    }
}
