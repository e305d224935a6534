package dev.wrenn.client;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What to create with {@link Capsules#create(CapsuleSpec)}. Immutable: each {@code with} method returns a
 * new spec. Unset values take the service's defaults (template {@code minimal}, 1 vCPU, 512 MiB, no
 * inactivity timeout).
 */
public final class CapsuleSpec {

    private static final CapsuleSpec DEFAULTS = new CapsuleSpec(null, null, null, null);

    private final @Nullable String template;
    private final @Nullable Integer vcpus;
    private final @Nullable Integer memoryMb;
    private final @Nullable Duration inactivityTimeout;

    private CapsuleSpec(@Nullable String template, @Nullable Integer vcpus, @Nullable Integer memoryMb,
                        @Nullable Duration inactivityTimeout) {
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
        return new CapsuleSpec(Arguments.notBlank(template, "template"), vcpus, memoryMb, inactivityTimeout);
    }

    /** Virtual CPUs, at least 1. */
    public CapsuleSpec withVcpus(int vcpus) {
        return new CapsuleSpec(template, Arguments.atLeast(vcpus, 1, "vcpus"), memoryMb, inactivityTimeout);
    }

    /** Memory in MiB, at least 1. */
    public CapsuleSpec withMemoryMb(int memoryMb) {
        return new CapsuleSpec(template, vcpus, Arguments.atLeast(memoryMb, 1, "memoryMb"), inactivityTimeout);
    }

    /**
     * Pause the capsule after this long without exec or ping, in whole seconds; {@link Duration#ZERO} never.
     */
    public CapsuleSpec withInactivityTimeout(Duration timeout) {
        return new CapsuleSpec(template, vcpus, memoryMb, Arguments.notNegative(timeout, "timeout"));
    }

    /** The template, or {@code null} for the service's default. */
    public @Nullable String template() {
        return template;
    }

    /** The vCPU count, or {@code null} for the service's default. */
    public @Nullable Integer vcpus() {
        return vcpus;
    }

    /** The memory in MiB, or {@code null} for the service's default. */
    public @Nullable Integer memoryMb() {
        return memoryMb;
    }

    /** The inactivity timeout, or {@code null} for the service's default. */
    public @Nullable Duration inactivityTimeout() {
        return inactivityTimeout;
    }

    @Override
    public String toString() {
        return "CapsuleSpec[template=" + template + ", vcpus=" + vcpus + ", memoryMb=" + memoryMb
                + ", inactivityTimeout=" + inactivityTimeout + "]";
    }
}
