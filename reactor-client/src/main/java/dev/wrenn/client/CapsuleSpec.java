package dev.wrenn.client;

import java.time.Duration;
import java.util.Objects;

/**
 * What to create with {@link Capsules#create(CapsuleSpec)}. Immutable: each {@code with} method returns a
 * new spec. Unset values take the service's defaults (template {@code minimal}, 1 vCPU, 512 MiB, no
 * inactivity timeout).
 */
public final class CapsuleSpec {

    private static final CapsuleSpec DEFAULTS = new CapsuleSpec(null, null, null, null);

    private final String template;
    private final Integer vcpus;
    private final Integer memoryMb;
    private final Duration inactivityTimeout;

    private CapsuleSpec(String template, Integer vcpus, Integer memoryMb, Duration inactivityTimeout) {
        this.template = template;
        this.vcpus = vcpus;
        this.memoryMb = memoryMb;
        this.inactivityTimeout = inactivityTimeout;
    }

    /** A spec that leaves every choice to the service. */
    public static CapsuleSpec defaults() {
        return DEFAULTS;
    }

    /** The template to boot from. */
    public CapsuleSpec withTemplate(String template) {
        Objects.requireNonNull(template, "template");
        if (template.isBlank()) {
            throw new IllegalArgumentException("template must not be blank");
        }
        return new CapsuleSpec(template, vcpus, memoryMb, inactivityTimeout);
    }

    /** Virtual CPUs, at least 1. */
    public CapsuleSpec withVcpus(int vcpus) {
        if (vcpus < 1) {
            throw new IllegalArgumentException("vcpus must be at least 1, was " + vcpus);
        }
        return new CapsuleSpec(template, vcpus, memoryMb, inactivityTimeout);
    }

    /** Memory in MiB, at least 1. */
    public CapsuleSpec withMemoryMb(int memoryMb) {
        if (memoryMb < 1) {
            throw new IllegalArgumentException("memoryMb must be at least 1, was " + memoryMb);
        }
        return new CapsuleSpec(template, vcpus, memoryMb, inactivityTimeout);
    }

    /**
     * Pause the capsule after this long without exec or ping, in whole seconds; {@link Duration#ZERO} never.
     */
    public CapsuleSpec withInactivityTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("inactivity timeout must not be negative");
        }
        return new CapsuleSpec(template, vcpus, memoryMb, timeout);
    }

    /** The template, or {@code null} for the service's default. */
    public String template() {
        return template;
    }

    /** The vCPU count, or {@code null} for the service's default. */
    public Integer vcpus() {
        return vcpus;
    }

    /** The memory in MiB, or {@code null} for the service's default. */
    public Integer memoryMb() {
        return memoryMb;
    }

    /** The inactivity timeout, or {@code null} for the service's default. */
    public Duration inactivityTimeout() {
        return inactivityTimeout;
    }

    @Override
    public String toString() {
        return "CapsuleSpec[template=" + template + ", vcpus=" + vcpus + ", memoryMb=" + memoryMb
                + ", inactivityTimeout=" + inactivityTimeout + "]";
    }
}
