package dev.wrenn.client;

import java.time.Duration;
import java.time.Instant;

/**
 * A capsule as the service describes it.
 *
 * @param id             the capsule's ID ({@code cl-} and 25 base36 characters)
 * @param status         its lifecycle state
 * @param template       the template it was created from
 * @param vcpus          virtual CPUs
 * @param memoryMb       memory in MiB
 * @param inactivityTimeout after this long without exec or ping the service pauses it; {@link Duration#ZERO} means never
 * @param createdAt      when it was created
 * @param startedAt      when it last started running, or {@code null} if it never has
 * @param lastActiveAt   when it last saw activity, or {@code null}
 * @param lastUpdated    when its record last changed, or {@code null}
 */
public record Capsule(String id, CapsuleStatus status, String template, int vcpus, int memoryMb,
                      Duration inactivityTimeout, Instant createdAt, Instant startedAt, Instant lastActiveAt,
                      Instant lastUpdated) {
}
