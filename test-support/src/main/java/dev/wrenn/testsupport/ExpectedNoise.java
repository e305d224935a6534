package dev.wrenn.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a test (or every test of a class) is expected to make Reactor, Reactor Netty, Netty or the
 * project's own code log an ERROR or a WARN with a stack trace, or to drop an error through
 * {@code Hooks.onErrorDropped}, and why. Without it, {@link ReactiveHygiene} fails the test class.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ExpectedNoise {
    /** Why the noise is expected, for the reader of the test. */
    String reason();
}
